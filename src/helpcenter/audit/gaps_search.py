"""The help center's own search, per language, in Python: what a customer's question finds.

`LanguageIndex` builds a lunr.py index from the site's `search_index.json` for one language
the way Material's worker builds its lunr.js index: Material's tokenizer (HTML tags cut out,
the index's separator, lowercase), the index's fields and boosts, `b(0)` (field length does
not count), and the language's trimmer, stop word filter and stemmer from `gaps_lang`. A
question is expanded as the worker shim expands it (`Analyzer.query_words`), every term a
trailing wildcard (`term*`) as Material's query transform makes it, and every word also
exactly, stemmed, with EXACT_BOOST (`word^100`). Scores are lunr's, then
Material's post-query boost: `score × (1 + boost²)`, boost being 1 for a page (0 for one of
its sections) plus the share of the query's terms the document matched.

`LanguageIndex.search` computes what `lunr.Index.search("t1* t2* ...")` plus that boost
computes (tests compare the two, and the ranking with the real worker in Chromium), but
expands each prefix once and caches it, and scores term by term: about 0.16 ms a question
on the reference site where lunr.py's token-set intersections take 1.4 ms.

It also keeps, for the verdict (`gaps_verdict`), what each result offers as an answer
(`Unit`): the terms of its question or headings and keywords, and all its terms.
"""

from __future__ import annotations

import math
import os
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from lunr.builder import Builder
from lunr.pipeline import Pipeline

from helpcenter.audit.gaps_lang import (
    EXACT_BOOST,
    Analyzer,
    QueryWord,
    browser_terms,
    exact_words,
    material_tokens,
    read_word_list,
)
from helpcenter.search import fold

# The fields that say what a document is about, rather than what its text mentions.
ABOUT_FIELDS = ("title", "keywords", "tags")
# `LanguageIndex.related_words`: English forms the Porter stemmer does not join.
RELATED_PREFIX = 6
# Material's getSearchQueryTerms counts an unmatched query term only when lunr.stopWordFilter,
# the English one, lets it through, whatever the index's language.
ENGLISH_STOP_WORDS = read_word_list("stopwords-en.txt")


@dataclass(frozen=True)
class Doc:
    location: str
    title: str
    kind: str  # entry, guide, category, contact, home, status or page
    answer: str | None  # entry id, or the guide's page location; None for other pages
    is_article: bool  # a page (Material: no parent), not a section of one
    terms: frozenset[str]  # index terms of the document, all fields


@dataclass(frozen=True)
class Hit:
    doc: Doc
    score: float  # after Material's boost
    rank: int  # 1 = the first result the customer sees


@dataclass(frozen=True)
class Unit:
    """What one result offers as an answer: an FAQ entry's section, or a guide's section
    under its guide's title and introduction."""

    about: frozenset[str]  # terms of its question or headings and keywords, also accent-free
    terms: frozenset[str]  # all its terms
    title_stems: frozenset[str]  # stems of its question or headings
    about_words: frozenset[str]  # words (accent-free, not stemmed) of its question, headings, keywords
    words: frozenset[str]  # all its words

    def merged(self, other: Unit) -> Unit:
        return Unit(
            self.about | other.about,
            self.terms | other.terms,
            self.title_stems | other.title_stems,
            self.about_words | other.about_words,
            self.words | other.words,
        )


# location -> (kind, answer key): what a page of the site is (see `Doc`)
Classifier = Callable[[str], tuple[str, str | None]]


class LanguageIndex:
    """One language's search: the site's index for it, queried as the browser queries it."""

    def __init__(self, language: str, index: Mapping[str, Any], analyzer: Analyzer, classify: Classifier):
        self.language = language
        self.analyzer = analyzer
        config = index.get("config", {})
        separator = re.compile(config.get("separator") or r"[\s\-]+")
        fields: dict[str, dict[str, float]] = config.get("fields") or {"title": {"boost": 1000.0}, "text": {}}
        self.fields = list(fields)
        docs = list(index.get("docs", []))
        self.lunr_index = _build(analyzer, separator, fields, docs)

        inverted = self.lunr_index.inverted_index
        self.vocabulary = sorted(inverted)
        self.term_index = {term: posting["_index"] for term, posting in inverted.items()}
        # term -> the (location, field) pairs holding it
        self.postings: dict[str, tuple[tuple[str, str], ...]] = {
            term: tuple((ref, name) for name in self.fields for ref in posting[name])
            for term, posting in inverted.items()
        }
        # (location, field) -> {term index: weight}
        self.vectors: dict[tuple[str, str], dict[int, float]] = {}
        for field_ref, vector in self.lunr_index.field_vectors.items():
            name, location = field_ref.split("/", 1)
            elements = list(vector.elements)
            self.vectors[(location, name)] = dict(zip(elements[0::2], elements[1::2], strict=True))
        # term -> [(location, the term's weight summed over the document's fields)]
        self.weights: dict[str, tuple[tuple[str, float], ...]] = {}
        for term, pairs in self.postings.items():
            summed: dict[str, float] = defaultdict(float)
            for ref, name in pairs:
                summed[ref] += self.vectors[(ref, name)].get(self.term_index[term], 0.0)
            self.weights[term] = tuple(summed.items())
        doc_terms: dict[str, set[str]] = defaultdict(set)
        field_terms: dict[tuple[str, str], set[str]] = defaultdict(set)
        for term, pairs in self.postings.items():
            for ref, name in pairs:
                doc_terms[ref].add(term)
                field_terms[(ref, name)].add(term)

        self.docs: dict[str, Doc] = {}
        seen_pages: set[str] = set()
        for doc in docs:
            location = doc["location"]
            page = location.split("#", 1)[0]
            kind, answer = classify(location)
            self.docs[location] = Doc(
                location,
                _plain(doc.get("title", "")),
                kind,
                answer,
                # Material's setupSearchDocumentMap: a page's first document is its article.
                page not in seen_pages,
                frozenset(doc_terms[location]),
            )
            seen_pages.add(page)
        self.document_count = len(docs)

        parts: dict[str, Unit] = {}
        for doc in docs:
            if self.docs[doc["location"]].answer:
                parts[doc["location"]] = self._unit(doc, separator, doc_terms, field_terms)
        self.units: dict[str, Unit] = {}
        for location, part in parts.items():
            page = location.split("#", 1)[0]
            self.units[location] = part.merged(parts[page]) if page != location and page in parts else part
        self.words = sorted({word for part in parts.values() for word in part.words})

        self._expansions: dict[str, tuple[str, ...]] = {}
        self._clause_docs: dict[str, frozenset[str]] = {}
        self._related: dict[str, frozenset[str]] = {}
        self._weights: dict[QueryWord, float] = {}
        self._word_units: dict[QueryWord, tuple[frozenset[str], frozenset[str]]] = {}

    def _unit(
        self,
        doc: Mapping[str, Any],
        separator: re.Pattern[str],
        doc_terms: Mapping[str, set[str]],
        field_terms: Mapping[tuple[str, str], set[str]],
    ) -> Unit:
        analyzer = self.analyzer
        location = doc["location"]
        about: set[str] = set()
        about_words: set[str] = set()
        words: set[str] = set()
        for name in self.fields:
            raw = [fold(analyzer.trim(token)) for token in material_tokens(doc.get(name), separator)]
            raw = [word for word in raw if word]
            words.update(raw)
            if name in ABOUT_FIELDS:
                about |= field_terms.get((location, name), set())
                about_words.update(raw)
                for word in analyzer.query_words(" ".join(raw)):
                    about.update(word.terms)
        title_stems = {
            analyzer.stem(word.folded)
            for word in analyzer.query_words(self.docs[location].title)
            if not analyzer.is_filler(word)
        }
        return Unit(
            frozenset(about),
            frozenset(doc_terms.get(location, ())),
            frozenset(title_stems),
            frozenset(about_words),
            frozenset(words),
        )

    # -- the browser's search ------------------------------------------------------------------
    def expand(self, term: str) -> tuple[str, ...]:
        """Index terms a `term*` clause matches (lunr: the token set intersected with it)."""
        cached = self._expansions.get(term)
        if cached is None:
            vocabulary = self.vocabulary
            start = end = bisect_left(vocabulary, term)
            while end < len(vocabulary) and vocabulary[end].startswith(term):
                end += 1
            cached = self._expansions[term] = tuple(vocabulary[start:end])
        return cached

    def _docs_of(self, clause: str) -> frozenset[str]:
        cached = self._clause_docs.get(clause)
        if cached is None:
            cached = frozenset(ref for term in self.expand(clause) for ref, _ in self.postings[term])
            self._clause_docs[clause] = cached
        return cached

    def search(self, words: Iterable[QueryWord]) -> list[Hit]:
        """Ranked results for a question's words, as Material's worker returns them."""
        words = list(words)
        clauses = browser_terms(words)
        # lunr: one query vector entry per expanded term, + the clause's boost for every clause
        # expanding to it (1 for a prefix clause, EXACT_BOOST for a word's exact one)
        counts: dict[str, float] = defaultdict(float)
        for clause in clauses:
            for term in self.expand(clause):
                counts[term] += 1
        for word in exact_words(words):
            stem = self.analyzer.stem(word)  # lunr's search pipeline: the stemmer alone
            if stem in self.term_index:
                counts[stem] += EXACT_BOOST
        if not counts:
            return []
        magnitude = math.sqrt(sum(count * count for count in counts.values()))
        # lunr scores each matching field (query · field vector / |query|) and adds them up;
        # summed term by term here, over each term's weight in a document's fields.
        scores: dict[str, float] = defaultdict(float)
        for term, count in counts.items():
            for location, weight in self.weights[term]:
                scores[location] += count * weight
        # Material's share of the query's terms a document matched counts clauses by their
        # term, before the pipeline: a word's exact clause is one of its prefix clauses again.
        found: dict[str, int] = defaultdict(int)
        found_counted: dict[str, int] = defaultdict(int)
        counted_clauses = 0
        for clause in clauses:
            counted = clause not in ENGLISH_STOP_WORDS
            counted_clauses += counted
            for location in self._docs_of(clause):
                found[location] += 1
                found_counted[location] += counted
        results = []
        for location, score in scores.items():
            hits = found[location]
            share = hits / (hits + counted_clauses - found_counted[location])
            boost = (1.0 if self.docs[location].is_article else 0.0) + share
            results.append((score / magnitude * (1 + boost**2), location))
        results.sort(key=lambda item: -item[0])  # stable, like Array.prototype.sort
        return [Hit(self.docs[location], score, rank) for rank, (score, location) in enumerate(results, 1)]

    # -- what a question's word means here ---------------------------------------------------
    def word_terms(self, word: QueryWord) -> frozenset[str]:
        """Index terms that are `word`: the terms the shim searches for it that the index has.
        (The browser also matches every longer term starting with one, which is how "entr*"
        finds "entrega"; such matches do not count as the word.)"""
        return frozenset(term for term in word.terms if term in self.term_index)

    def related_words(self, word: QueryWord) -> frozenset[str]:
        """English words of the site that are forms of `word` lunr's Porter stemmer does not
        join ("internationally" → "intern", "international" → "internation"; "delivering" →
        "deliv", "delivery" → "deliveri"): both share their first 6 letters or more, and all
        but the last 2 letters of the shorter one. The Snowball stemmers of the other
        languages join such forms; there the rule would only add false friends ("реклама",
        "рекламация")."""
        cached = self._related.get(word.folded)
        if cached is None:
            found = set()
            folded = word.folded
            if self.analyzer.language == "en" and len(folded) >= RELATED_PREFIX:
                head = folded[:RELATED_PREFIX]
                for candidate in self.words[bisect_left(self.words, head) :]:
                    if not candidate.startswith(head):
                        break
                    common = len(os.path.commonprefix([candidate, folded]))
                    if common >= min(len(candidate), len(folded)) - 2:
                        found.add(candidate)
            cached = self._related[word.folded] = frozenset(found)
        return cached

    def word_units(self, word: QueryWord) -> tuple[frozenset[str], frozenset[str]]:
        """(answers that are about `word`, answers that only mention it), by location."""
        cached = self._word_units.get(word)
        if cached is None:
            terms = self.word_terms(word)
            related = self.related_words(word)
            about = set()
            mention = set()
            for location, unit in self.units.items():
                if terms & unit.about or related & unit.about_words:
                    about.add(location)
                elif terms & unit.terms or related & unit.words:
                    mention.add(location)
            cached = self._word_units[word] = (frozenset(about), frozenset(mention))
        return cached

    def holds(self, word: QueryWord) -> bool:
        """Whether any page of the language has the word, in any form the search joins."""
        about, mention = self.word_units(word)
        return bool(self.word_terms(word) or about or mention)

    def weight(self, word: QueryWord) -> float:
        """How much a word says: lunr's idf over the documents holding it; a word the site
        does not have at all weighs most."""
        cached = self._weights.get(word)
        if cached is None:
            terms = self.word_terms(word)
            about, mention = self.word_units(word)
            answers = about | mention
            holders = sum(1 for doc in self.docs.values() if terms & doc.terms or doc.location in answers)
            n = self.document_count
            cached = self._weights[word] = math.log(1 + abs((n - holders + 0.5) / (holders + 0.5)))
        return cached


def _build(
    analyzer: Analyzer, separator: re.Pattern[str], fields: Mapping[str, Mapping[str, float]], docs: list[Any]
) -> Any:
    """The lunr.py index of `docs`, set up as Material's worker sets up lunr.js."""
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    for function in analyzer.pipeline_functions():
        label = f"helpcenter-{id(analyzer)}-{function.__name__}"
        if label not in Pipeline.registered_functions:
            Pipeline.register_function(function, label)
        function.label = label  # type: ignore[attr-defined]
        builder.pipeline.add(function)
        if function.__name__ == "stemmer":  # lunr-languages: the search pipeline stems too
            builder.search_pipeline.add(function)
    builder.b(0)  # Material: this.b(0)
    builder.ref("location")
    for name, spec in fields.items():
        builder.field(name, boost=spec.get("boost") or 1)
    for doc in docs:
        # Material's tokenizer instead of lunr's: lunr.py takes a list of tokens as they are.
        tokens = {name: material_tokens(doc.get(name), separator) for name in fields}
        builder.add(
            {"location": doc["location"], **tokens}, {"boost": doc["boost"]} if doc.get("boost") else None
        )
    return builder.build()


def _plain(title: str) -> str:
    return re.sub(r"<[^>]+>", "", title).strip()
