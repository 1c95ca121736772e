"""Is a customer's question answered by the help center? One verdict per question and language.

The site's search returns something for most questions, right or not: a prefix search
matches "заказать" to "заказ", "com*" (the stem of "cómo") to "compra", the brand to every
page. So the verdict does not trust the first result; it asks how much of the question an
answer covers:

    score = Σ weight(w) · credit(w, answer) / Σ weight(w)

over the question's topic words w: the words the site's search keeps (its stop words are
dropped as the browser drops them), less the brand (`Brand`), question and courtesy words
(`gaps_data/fillers-*.txt`) and bare numbers. weight(w) is lunr's idf over the documents of
the language's index holding w, so a word every page has ("заказ", "order", "pedido") says
little and a word no page has weighs most. credit(w) is 1 when the answer's question,
headings or keywords hold w (one of the terms the browser searches for it: the word, its
accent-free form, its stem; in English also a form the Porter stemmer does not join, see
`LanguageIndex.related_words`), TEXT_CREDIT when only its text does, else 0.

Answers are FAQ entries and guide sections among all the results the search returns. The
best is the one with the highest score + FOCUS_WEIGHT × focus, focus being the share of the
answer's own question (or headings) the customer asked about, then the better rank.

The score is a share of the question's information, so one threshold means the same in
every language: `answered` from MIN_SCORE, or from SHOWN_SCORE when the site's search shows
that answer among its first SHOWN_RANK results and the customer asked about at least
SHOWN_FOCUS of its own question (a customer who reads "may someone else collect my order?"
first, having asked whether her husband may, has her answer although "husband" is nowhere on
the site); `weak` from WEAK_SCORE or when only a general page (home, a topic page, contact,
status) among the first DEPTH results covers it, `gap` below. An answer that only mentions
the words in its text stays under WEAK_SCORE (TEXT_CREDIT < WEAK_SCORE).
`tests/test_audit_gaps.py` measures these choices on labeled sets of questions in each
language (`tests/fixtures/gaps/`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from helpcenter.audit.gaps_lang import Analyzer, QueryWord, without_search_syntax
from helpcenter.audit.gaps_search import Doc, LanguageIndex

MIN_SCORE = 0.55
WEAK_SCORE = 0.5
# Answered from this score when the answer is among the first SHOWN_RANK results and its own
# question is at least SHOWN_FOCUS asked about. Chosen on labeled.yml, holdout.yml and
# holdout2.yml, then measured once on holdout3.yml (see tests/test_audit_gaps.py).
SHOWN_SCORE = 0.4
SHOWN_RANK = 3
SHOWN_FOCUS = 0.2
TEXT_CREDIT = 0.45  # a word that only the answer's text (not its question or keywords) holds
FOCUS_WEIGHT = 0.5  # choosing among answers: the share of the answer's own question asked
DEPTH = 10  # results a customer looks at: the first screen and a little scrolling


@dataclass
class Brand:
    """The brand's words in one language, in the forms the search compares: they make no
    question answered (everything on the site mentions the brand)."""

    words: set[str] = field(default_factory=set)  # accent-free, lowercase
    stems: set[str] = field(default_factory=set)

    def add(self, analyzer: Analyzer, texts: Iterable[str]) -> None:
        for text in texts:
            for word in analyzer.query_words(text):
                self.words.add(word.folded)
                self.stems.add(analyzer.stem(word.folded))

    def holds(self, analyzer: Analyzer, word: QueryWord) -> bool:
        return word.folded in self.words or analyzer.stem(word.folded) in self.stems


@dataclass
class Verdict:
    status: str  # answered, weak, gap
    score: float  # share of the question the best answer covers, 0..1
    best: Doc | None  # the best answer: an FAQ entry or a guide section
    best_rank: int | None  # its position in the site's search results (1 = first)
    top: Doc | None  # the first result the site's search shows
    topic_words: list[str]  # the words the score is about
    missing: list[str]  # topic words the best answer does not hold
    reason: str
    results: int = 0  # how many results the site's search returns
    navigational: bool = False  # only the brand or question words ("parcelia", "парселия help")
    # Not answered only because some of the customer's words are nowhere on the site ("забыл",
    # "sister"), while the best answer holds all the others and its own question shares a word
    # with the customer's: words an editor may add to its keywords, if it answers the question.
    new_words: list[str] = field(default_factory=list)

    @property
    def buried(self) -> bool:
        """Answered, but the site's search shows the answer below the first DEPTH results."""
        return self.status == "answered" and (self.best_rank or 0) > DEPTH


def topic_words(analyzer: Analyzer, brand: Brand, words: Iterable[QueryWord]) -> list[QueryWord]:
    """The words of a question a verdict is about (see the module docstring)."""
    return [
        word
        for word in words
        if not analyzer.is_filler(word) and not brand.holds(analyzer, word) and not word.word.isdigit()
    ]


def judge(
    index: LanguageIndex,
    question: str,
    brand: Brand,
    min_score: float = MIN_SCORE,
    weak_score: float = WEAK_SCORE,
    shown_score: float = SHOWN_SCORE,
) -> Verdict:
    analyzer = index.analyzer
    words = analyzer.query_words(without_search_syntax(question))
    hits = index.search(words)
    top = hits[0].doc if hits else None
    topics = topic_words(analyzer, brand, words)
    names = [word.word for word in topics]
    if not words:
        # The browser's search gets nothing it can use: stop words only, or words its trimmer
        # empties (punctuation, or a script the index does not hold).
        reason = f"the site's search in {index.language} keeps none of its words"
        return Verdict("gap", 0.0, None, None, top, [], [], reason, len(hits))
    if not topics:
        reason = "navigational: only the brand or question words, nothing to answer"
        return Verdict("weak", 0.0, None, None, top, [], [], reason, len(hits), navigational=True)

    weights = [index.weight(word) for word in topics]
    asked_stems = {analyzer.stem(word.folded) for word in topics}
    total = sum(weights) or 1.0
    reach = [index.word_units(word) for word in topics]
    best: tuple[float, int, float] | None = None  # (key, -rank, score)
    best_hit = None
    best_focus = 0.0
    general = 0.0
    general_page = ""
    for hit in hits:
        location = hit.doc.location
        unit = index.units.get(location)
        if unit is None:
            if hit.rank <= DEPTH:
                covered = sum(
                    w
                    for w, word in zip(weights, topics, strict=True)
                    if index.word_terms(word) & hit.doc.terms
                )
                if covered / total > general:
                    general, general_page = covered / total, location
            continue
        score = 0.0
        for weight, (about, mention) in zip(weights, reach, strict=True):
            if location in about:
                score += weight
            elif location in mention:
                score += weight * TEXT_CREDIT
        score /= total
        focus = len(unit.title_stems & asked_stems) / len(unit.title_stems) if unit.title_stems else 0.0
        key = (score + FOCUS_WEIGHT * focus, -hit.rank, score)
        if best is None or key[:2] > best[:2]:
            best, best_hit, best_focus = key, hit, focus

    if best is None or best_hit is None or best[2] == 0:
        # No answer holds any of its topic words (results come from the brand or prefixes).
        status = "weak" if general >= min_score else "gap"
        if status == "weak":
            reason = f"only a general page covers it: /{general_page}"
        elif not hits:
            reason = "the site's search finds nothing"
        else:
            reason = "no answer covers: " + ", ".join(names)
        return Verdict(status, 0.0, None, None, top, names, names, reason, len(hits))

    score = best[2]
    location = best_hit.doc.location
    missing = [
        word.word
        for word, (about, mention) in zip(topics, reach, strict=True)
        if location not in about and location not in mention
    ]
    shown = best_hit.rank <= SHOWN_RANK and best_focus >= SHOWN_FOCUS
    if score >= min_score or (shown and score >= shown_score):
        status, reason = "answered", ""
    elif score >= weak_score:
        status, reason = "weak", "the best answer does not cover: " + ", ".join(missing)
    elif general >= min_score:
        status, reason = "weak", f"only a general page covers it: /{general_page}"
    else:
        status = "gap"
        reason = "no answer covers: " + ", ".join(missing or names)
    new_words: list[str] = []
    unknown = [word for word in topics if word.word in missing and not index.holds(word)]
    near = unknown and len(unknown) == len(missing) < len(topics) and best_focus > 0
    if status != "answered" and near and best_hit.doc.kind == "entry":  # guides have no keywords
        new_words = [word.word for word in unknown]
        reason += (
            f" — the site never uses {', '.join(new_words)}; the closest answer"
            f" ({best_hit.doc.answer}) holds every other word: if it answers this, add"
            f" {'it' if len(new_words) == 1 else 'them'} to its keywords"
        )
    return Verdict(
        status,
        score,
        best_hit.doc,
        best_hit.rank,
        top,
        names,
        missing,
        reason,
        len(hits),
        new_words=new_words,
    )
