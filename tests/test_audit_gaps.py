"""`helpcenter audit gaps`: the site's search in Python, the inputs, the verdicts, the report.

Most tests run against the reference site, built once per session (`reference_site`), and
the sample inputs in `tests/fixtures/gaps/`.
"""

from __future__ import annotations

import csv
import glob
import json
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner, Result
from playwright.sync_api import Page

from helpcenter.audit import gaps_verdict
from helpcenter.audit.gaps import _open_site
from helpcenter.audit.gaps_audit import SiteSearch
from helpcenter.audit.gaps_inputs import detect_format, parse_count, parse_ctr
from helpcenter.audit.gaps_lang import (
    EXACT_BOOST,
    Analyzer,
    QueryWord,
    analyzer,
    browser_query,
    browser_terms,
    exact_words,
    without_search_syntax,
)
from helpcenter.audit.gaps_search import ENGLISH_STOP_WORDS, LanguageIndex
from helpcenter.cli import main
from helpcenter.project import open_project
from helpcenter.search import TOP_QUESTION_BOOST, keeps_latin
from tests.conftest import LANGUAGES, ROOT, run_mkdocs_build

FIXTURES = ROOT / "tests" / "fixtures" / "gaps"
EXAMPLES = ROOT / "examples" / "gaps"  # the sample inputs analysts start from (README)
LABELED = yaml.safe_load((FIXTURES / "labeled.yml").read_text(encoding="utf-8"))
SAMPLES = [
    "Queries.csv",
    "Consultas.csv",
    "search-console-ru.zip",
    "search-console-api.csv",
    "call-reasons.csv",
    "site-search.csv",
]
MATERIAL_LUNR = Path(__import__("material").__file__).parent / "templates/assets/javascripts/lunr/min"


@pytest.fixture(scope="module")
def site(reference_site: Path) -> SiteSearch:
    return _open_site(str(ROOT / "mkdocs.yml"), reference_site, ())


def audit(reference_site: Path, out: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main,
        ["audit", "gaps", *args, "--site", str(reference_site), "-f", str(ROOT / "mkdocs.yml")]
        + ["--out-dir", str(out), "--quiet"],
    )


@pytest.fixture(scope="module")
def sample_report(reference_site: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The audit of every sample input, as gaps.json; exit status and output alongside."""
    out = tmp_path_factory.mktemp("gaps")
    result = audit(reference_site, out, *(str(EXAMPLES / name) for name in SAMPLES))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads((out / "gaps.json").read_text(encoding="utf-8"))
    report["exit_code"] = result.exit_code
    report["output"] = result.output
    report["out"] = out
    return report


def question(report: dict[str, Any], language: str, text: str, source: str | None = None) -> dict[str, Any]:
    found = [
        q
        for q in report["questions"]
        if q["language"] == language and q["query"] == text and source in (None, q["source"])
    ]
    assert found, f"no question {text!r} ({language}) in the report"
    return found[0]


def expected_answers(ids: list[str]) -> set[str]:
    return {f"guides/{i.removeprefix('guide:')}/" if i.startswith("guide:") else i for i in ids}


# -- the site's search, as the browser runs it --------------------------------------------------
@pytest.mark.parametrize("language", ["ru", "es", "en"])
def test_stemmers_give_the_browsers_stems(language: str) -> None:
    """stems-<lang>.tsv holds lunr-languages' (ru, es) and lunr.js's (en) stems of the reference
    content's words, made with node (tests/fixtures/gaps/stems.js)."""
    rows = (FIXTURES / f"stems-{language}.tsv").read_text(encoding="utf-8").splitlines()
    pairs = [line.split("\t") for line in rows if line]
    assert len(pairs) > 900
    stem = analyzer(language).stem
    wrong = [(word, expected, stem(word)) for word, expected in pairs if stem(word) != expected]
    assert wrong == [], f"{len(wrong)} of {len(pairs)} stems differ from the browser's, like {wrong[:5]}"


@pytest.mark.parametrize("language", ["ru", "es"])
def test_shipped_stop_words_are_the_browsers(language: str) -> None:
    source = (MATERIAL_LUNR / f"lunr.{language}.min.js").read_text(encoding="utf-8")
    match = re.search(r'generateStopWordFilter\("([^"]*)"\.split\(" "\)\)', source)
    assert match, "lunr-languages changed its stop word list's form"
    assert analyzer(language).stop_words == frozenset(match.group(1).split(" "))


def test_english_stop_words_are_lunrs() -> None:
    from lunr.stop_word_filter import WORDS

    assert analyzer("en").stop_words == frozenset(WORDS) == ENGLISH_STOP_WORDS


def test_the_shim_expands_words_as_the_browser_does() -> None:
    # word, accent-free word, stem; stop words ("не", "en", "my") dropped; Spanish accent variants
    assert browser_terms(analyzer("ru").query_words("не пришёл заказ")) == ["пришёл", "пришел", "заказ"]
    assert browser_terms(analyzer("es").query_words("devolucion en tienda")) == [
        "devolucion",
        "devolu",
        "tienda",
        "tiend",
    ]
    assert browser_terms(analyzer("en").query_words("my deliveries")) == ["deliveries", "deliveri"]
    # each word also exactly, through the stemmer, boosted; Material leaves `^100` unwildcarded
    assert browser_query(analyzer("ru").query_words("где мои заказы")) == "заказы заказ заказы^100"
    assert (
        browser_query(analyzer("es").query_words("Devolución"))
        == "devolución devolucion devolu devolucion^100"
    )
    # The Russian trimmer keeps Cyrillic letters only: a Latin word is not searchable there, so
    # the site indexes Russian with English (search.keeps_latin), and stems both ways in turn.
    assert analyzer("ru").query_words("sms") == []
    assert browser_terms(analyzer("ru", "en").query_words("SMS-коды Visa")) == [
        "sms",
        "sm",
        "коды",
        "код",
        "visa",
    ]
    assert analyzer("ru", "en").stem("payments") == "payment" and analyzer("ru", "en").stem("коды") == "код"
    assert without_search_syntax('"parcelia" -refund +status:late*') == "parcelia refund status late"


def test_each_index_names_its_lunr_languages_and_boosts_the_top_questions(reference_site: Path) -> None:
    """Russian is indexed with English (its trimmer keeps Cyrillic only), the others alone;
    the `top_questions` entries, and only they, weigh TOP_QUESTION_BOOST."""
    top = open_project(ROOT / "mkdocs.yml").options.top_questions
    assert keeps_latin("es") and keeps_latin("el") and not keeps_latin("ru") and not keeps_latin("ar")
    for language, prefix in LANGUAGES.items():
        data = json.loads((reference_site / prefix / "search/search_index.json").read_text(encoding="utf-8"))
        assert data["config"]["lang"] == (["ru", "en"] if language == "ru" else [language])
        boosted = {doc["location"].split("#")[1] for doc in data["docs"] if doc.get("boost")}
        assert boosted == set(top) and len(top) == 6
        assert all(doc["boost"] == TOP_QUESTION_BOOST for doc in data["docs"] if doc.get("boost"))


def _lunr_reference(index: LanguageIndex, words: list[QueryWord]) -> list[tuple[str, float]]:
    """lunr.py's own query engine on Material's query (`term*` each, `word^100`), then Material's
    boost, which counts clauses by their term."""
    clauses = browser_terms(words)
    query = [f"{clause}*" for clause in clauses] + [f"{word}^{EXACT_BOOST}" for word in exact_words(words)]
    results = []
    for match in index.lunr_index.search(" ".join(query)):
        doc = index.docs[match["ref"]]
        matched = list(match["match_data"].metadata)
        found = sum(1 for c in clauses if any(term.startswith(c) for term in matched))
        unmatched = sum(
            1 for c in clauses if c not in ENGLISH_STOP_WORDS and not any(t.startswith(c) for t in matched)
        )
        boost = (1 if doc.is_article else 0) + found / (found + unmatched)
        results.append((match["ref"], match["score"] * (1 + boost**2)))
    return sorted(results, key=lambda item: -item[1])


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_search_computes_what_lunr_computes(site: SiteSearch, language: str) -> None:
    index = site.indexes[language]
    questions = list(LABELED[language]["answerable"]) + LABELED[language]["unanswerable"]
    for text in questions:
        words = index.analyzer.query_words(without_search_syntax(text))
        ours = [(hit.doc.location, hit.score) for hit in index.search(words)]
        theirs = _lunr_reference(index, words)
        assert sorted(location for location, _ in ours) == sorted(location for location, _ in theirs), text
        for (_, score), (_, expected) in zip(ours, theirs, strict=True):
            assert score == pytest.approx(expected, rel=1e-9), text


WORKER_QUERIES = """async ({index, queries, worker}) => {
  const search = new Worker(worker);
  const send = (message) => new Promise((resolve) => {
    search.onmessage = (event) => resolve(event.data);
    search.postMessage(message);
  });
  await send({type: 0, data: {...index, options: {suggest: false}}});
  const results = [];
  for (const query of queries) {
    const reply = await send({type: 2, data: query});
    results.push(reply.data.items.flat().filter((item) => item.score > 0).map((i) => [i.location, i.score]));
  }
  search.terminate();
  return results;
}"""


@pytest.mark.browser
def test_search_ranks_as_the_real_worker_does(
    page: Page, base_url: str, reference_site: Path, site: SiteSearch
) -> None:
    """The site's own worker (Material's, behind the helpcenter shim) in Chromium, on the
    labeled questions: the same results with the same scores, in the same order."""
    material = Path(glob.glob(str(reference_site / "assets/javascripts/workers/search.*.min.js"))[0]).name
    worker = (
        f"{base_url}assets/javascripts/workers/helpcenter-search.js"
        f"?material={base_url}assets/javascripts/workers/{material}"
    )
    page.goto(base_url)
    for language, prefix in LANGUAGES.items():
        data = json.loads((reference_site / prefix / "search/search_index.json").read_text(encoding="utf-8"))
        questions = list(LABELED[language]["answerable"]) + LABELED[language]["unanswerable"]
        browser = page.evaluate(WORKER_QUERIES, {"index": data, "queries": questions, "worker": worker})
        index = site.indexes[language]
        for text, theirs in zip(questions, browser, strict=True):
            ours = [
                (hit.doc.location, hit.score)
                for hit in index.search(index.analyzer.query_words(without_search_syntax(text)))
                if hit.score > 0
            ]
            theirs = sorted(theirs, key=lambda item: -item[1])
            assert sorted(loc for loc, _ in ours) == sorted(loc for loc, _ in theirs), (language, text)
            # the same order up to ties: the scores, position by position
            for (_, score), (_, expected) in zip(ours, theirs, strict=True):
                assert score == pytest.approx(expected, rel=1e-9), (language, text)


def test_the_audit_runs_with_the_network_unreachable(reference_site: Path, tmp_path: Path) -> None:
    """A fresh interpreter in which DNS fails and sockets connect only to loopback, and nltk
    cannot be imported: building the three indexes and auditing must not need the network."""
    script = textwrap.dedent(
        f"""
        import socket, sys
        attempts = []
        def no_dns(host, *args, **kwargs):
            attempts.append(host)
            raise OSError("no network in this test")
        real_connect = socket.socket.connect
        def loopback_only(self, address):
            if self.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in ("127.0.0.1", "::1"):
                attempts.append(address[0])
                raise OSError("no network in this test")
            return real_connect(self, address)
        socket.getaddrinfo = no_dns
        socket.socket.connect = loopback_only
        sys.modules["nltk"] = None  # lunr.py's language support would download stop words with it
        from helpcenter.cli import main
        try:
            main(["audit", "gaps", {str(EXAMPLES / "call-reasons.csv")!r},
                  {str(EXAMPLES / "Consultas.csv")!r},
                  "--site", {str(reference_site)!r}, "-f", {str(ROOT / "mkdocs.yml")!r},
                  "--out-dir", {str(tmp_path)!r}, "--fail-on-gap-share", "1", "-q"])
        finally:
            print("network attempts:", attempts)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "network attempts: []" in result.stdout
    assert json.loads((tmp_path / "gaps.json").read_text(encoding="utf-8"))["questions"]


# -- verdicts -----------------------------------------------------------------------------
ANSWERED = [
    ("ru", "где мой заказ", "where-is-my-order"),
    ("ru", "заблокировали аккаунты", "account-blocked"),  # inflected: no such words on the site
    ("ru", "уведомлениях", "app-notifications"),
    ("ru", "деньги списали дважды", "charged-twice"),
    ("en", "where is my order", "where-is-my-order"),
    ("en", "notification", "app-notifications"),
    ("en", "do you ship internationally", "delivery-regions"),  # Porter: "intern" vs "internation"
    ("en", "card rejected at checkout", "payment-declined"),
    ("es", "donde esta mi pedido", "where-is-my-order"),  # unaccented
    ("es", "cuentas bloqueadas", "account-blocked"),
    ("es", "cambiar direccion de entrega", "change-delivery-address"),
    ("es", "no me llega el codigo sms", "login-code-not-received"),
]


@pytest.mark.parametrize(("language", "text", "entry_id"), ANSWERED)
def test_named_questions_are_answered_by_named_entries(
    site: SiteSearch, language: str, text: str, entry_id: str
) -> None:
    verdict = gaps_verdict.judge(site.indexes[language], text, site.brands[language])
    assert verdict.status == "answered", verdict
    assert verdict.best is not None and verdict.best.answer == entry_id, verdict


GAPS = [
    ("ru", "парселия вакансии"),  # the brand must not answer it
    ("ru", "не включается купленный телевизор"),  # "не*" would match "неоплаченный"
    ("ru", "оплата биткоином"),
    ("en", "parcelia jobs"),
    ("en", "jobs in moscow warehouse"),  # "in*" would match "invoice"
    ("en", "student discount"),
    ("es", "trabajo en parcelia"),  # "en*" would match "entrega"
    ("es", "entradas para conciertos en parcelia"),
    ("es", "tabla de tallas"),
]


@pytest.mark.parametrize(("language", "text"), GAPS)
def test_named_questions_are_gaps(site: SiteSearch, language: str, text: str) -> None:
    verdict = gaps_verdict.judge(site.indexes[language], text, site.brands[language])
    assert verdict.status == "gap", verdict


def test_brand_words_come_from_the_site_name_and_the_faq(site: SiteSearch) -> None:
    assert {"справочный", "центр", "парселии", "парселия"} <= set(site.brand_words["ru"])
    assert "parcelia" in site.brand_words["en"] and "parcelia" in site.brand_words["es"]
    verdict = gaps_verdict.judge(site.indexes["en"], "parcelia", site.brands["en"])
    assert verdict.status == "weak" and verdict.navigational


class _StockAnalyzer(Analyzer):
    """Material's search as it ships: the index's pipeline is the stop word filter alone."""

    def pipeline_functions(self) -> list[Callable[..., object]]:
        stop_words = self.stop_words

        def stock_stop_word_filter(token, i=None, tokens=None):  # type: ignore[no-untyped-def]
            return None if str(token) in stop_words else token

        return [stock_stop_word_filter]


def _stock_index(site: SiteSearch, language: str, reference_site: Path) -> LanguageIndex:
    prefix = LANGUAGES[language]
    data = json.loads((reference_site / prefix / "search/search_index.json").read_text(encoding="utf-8"))
    config = dict(data["config"])
    config["fields"] = {
        name: spec for name, spec in config["fields"].items() if name in ("title", "text", "tags")
    }
    own = analyzer(language)
    stock = _StockAnalyzer(language, own.word_characters, own.stop_words, frozenset(), lambda word: word)
    return LanguageIndex(language, {"config": config, "docs": data["docs"]}, stock, site.classify)


def _stock_words(text: str) -> list[QueryWord]:
    # Material: every typed word, lowercase, becomes `word*`; no stop word is dropped.
    return [QueryWord(word, word, (word,)) for word in re.split(r"[\s\-]+", text.lower()) if word]


def _first_answer(hits: list[Any]) -> str | None:
    return next((hit.doc.answer for hit in hits if hit.doc.answer), None)


def _accuracy(
    site: SiteSearch, reference_site: Path, language: str, labeled: dict[str, Any]
) -> dict[str, Any]:
    """Right answers and gaps of the audit's verdict, the site's search and Material's stock search."""
    index, brand = site.indexes[language], site.brands[language]
    stock = _stock_index(site, language, reference_site)
    figures: dict[str, Any] = dict.fromkeys(
        ("right", "site_top", "stock_top", "gaps", "site_none", "stock_none"), 0
    )
    figures["failures"] = []
    for text, ids in labeled["answerable"].items():
        expected = expected_answers(ids)
        verdict = gaps_verdict.judge(index, text, brand)
        if verdict.status == "answered" and verdict.best is not None and verdict.best.answer in expected:
            figures["right"] += 1
        else:
            figures["failures"].append(f"{language} answerable {text!r}: {verdict.status} by {verdict.best}")
        figures["site_top"] += _first_answer(index.search(index.analyzer.query_words(text))) in expected
        figures["stock_top"] += _first_answer(stock.search(_stock_words(text))) in expected
    for text in labeled["unanswerable"]:
        verdict = gaps_verdict.judge(index, text, brand)
        figures["gaps"] += verdict.status == "gap"
        if verdict.status != "gap":
            figures["failures"].append(
                f"{language} unanswerable {text!r}: {verdict.status} by {verdict.best}"
            )
        figures["site_none"] += verdict.results == 0
        figures["stock_none"] += not stock.search(_stock_words(text))
    figures["a"], figures["u"] = len(labeled["answerable"]), len(labeled["unanswerable"])
    return figures


def test_labeled_questions_meet_the_design_bar(
    site: SiteSearch, reference_site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """design.md: right entry on top for ≥ 90% of answerable questions and a gap verdict for
    ≥ 90% of the others, in every language, on labeled.yml (the set the settings were chosen
    on). Printed for it and for the held-out sets, with the site's search alone (its first
    result) and Material's stock search for comparison: holdout.yml was written after the
    settings were chosen; holdout2.yml and holdout3.yml blind (by someone who had not seen the
    verdict's code or the other sets). holdout2.yml was measured once and then used, with the
    others, to choose SHOWN_SCORE; holdout3.yml was measured once before that choice and once
    after it, and never used to choose."""
    lines = [""]
    sets = [
        ("labeled.yml", LABELED),
        ("holdout.yml", yaml.safe_load((FIXTURES / "holdout.yml").read_text(encoding="utf-8"))),
        ("holdout2.yml", yaml.safe_load((FIXTURES / "holdout2.yml").read_text(encoding="utf-8"))),
        ("holdout3.yml", yaml.safe_load((FIXTURES / "holdout3.yml").read_text(encoding="utf-8"))),
    ]
    for name, labeled in sets:
        lines.append(f"{name}: answerable right / unanswerable right")
        lines.append(f"{'':4}{'audit verdict':>15}{'site search':>18}{'Material stock':>18}")
        for language in LANGUAGES:
            f = _accuracy(site, reference_site, language, labeled[language])
            a, u = f["a"], f["u"]
            lines.append(
                f"{language:4}{f['right'] / a:>9.0%} /{f['gaps'] / u:>4.0%}{f['site_top'] / a:>12.0%} /"
                f"{f['site_none'] / u:>4.0%}{f['stock_top'] / a:>12.0%} /{f['stock_none'] / u:>4.0%}"
                f"   ({a} answerable, {u} not)"
            )
            if labeled is LABELED:
                assert a >= 40 and u >= 25
                assert f["right"] / a >= 0.9, f"{language}: answerable\n" + "\n".join(f["failures"])
                assert f["gaps"] / u >= 0.9, f"{language}: unanswerable\n" + "\n".join(f["failures"])
    lines.append(
        "audit: answered by the right entry / a gap. Site search and stock: the first entry or guide "
        "in the results is a right one / no result at all."
    )
    with capsys.disabled():
        print("\n".join(lines))


def test_a_gap_for_want_of_a_word_names_the_entry_and_the_words_to_add(site: SiteSearch) -> None:
    """The site never says "sister": the question is not answered, but the closest answer
    holds every other word, so the verdict names it and the word an editor may add."""
    verdict = gaps_verdict.judge(site.indexes["en"], "my sister will collect it", site.brands["en"])
    assert verdict.status != "answered"
    assert verdict.best is not None and verdict.best.answer == "someone-else-picks-up"
    assert verdict.new_words == ["sister"]
    assert "add it to its keywords" in verdict.reason
    # words the site has ("show", "up"), only not in that answer: no keyword suggestion
    verdict = gaps_verdict.judge(site.indexes["en"], "courier didn't show up", site.brands["en"])
    assert verdict.status == "gap" and verdict.missing == ["show", "up"]
    assert verdict.new_words == [] and "keywords" not in verdict.reason


def test_an_answer_the_search_shows_first_answers_despite_a_word_the_site_lacks(site: SiteSearch) -> None:
    """ "sister" is nowhere on the site, so the entry covers under MIN_SCORE of the question; but
    the site's search shows it first and the customer asked about its own question ("Can
    someone else pick up my order?"): answered from SHOWN_SCORE."""
    question, index, brand = "my sister will pick up my order", site.indexes["en"], site.brands["en"]
    verdict = gaps_verdict.judge(index, question, brand)
    assert gaps_verdict.SHOWN_SCORE <= verdict.score < gaps_verdict.MIN_SCORE
    assert verdict.status == "answered" and verdict.best_rank == 1
    assert verdict.best is not None and verdict.best.answer == "someone-else-picks-up"
    strict = gaps_verdict.judge(index, question, brand, shown_score=gaps_verdict.MIN_SCORE)
    assert strict.status != "answered" and strict.new_words == ["sister"]
    # the same words, but the entry is not what the search shows first: not answered
    verdict = gaps_verdict.judge(index, "my sister and her husband will pick up my order", brand)
    assert verdict.status == "gap"


# -- the command on the sample inputs ---------------------------------------------------------
def test_every_sample_format_is_read(sample_report: dict[str, Any]) -> None:
    inputs = {item["file"].removeprefix(f"{EXAMPLES}/"): item for item in sample_report["inputs"]}
    assert inputs["Queries.csv"]["kind"] == "Search Console queries (English UI)"
    assert inputs["search-console-ru.zip:Queries.csv"]["kind"] == "Search Console queries (Russian UI)"
    assert inputs["Consultas.csv"]["kind"] == "Search Console queries (Spanish UI)"
    assert inputs["Consultas.csv"]["encoding"] == "utf-8-sig"
    assert inputs["search-console-ru.zip:Pages.csv"]["kind"] == "Search Console pages (Russian UI)"
    assert inputs["search-console-ru.zip:Countries.csv"]["kind"] == "not read"
    assert inputs["search-console-api.csv"]["kind"] == "Search Console rows (API/BigQuery)"
    assert inputs["call-reasons.csv"]["kind"] == "call reasons"
    assert inputs["site-search.csv"]["kind"] == "site-search log"
    for item in sample_report["inputs"]:
        assert item["rows_read"] == item["rows_used"] + item["rows_skipped"], item
    figures = sample_report["summary"]
    assert figures["rows_skipped"] == 0
    assert figures["rows_read"] == sum(item["rows_read"] for item in sample_report["inputs"])
    # Spanish `;`-separated export with decimal commas and "1 310" impressions
    spanish = question(sample_report, "es", "donde esta mi pedido parcelia")
    assert (spanish["impressions"], spanish["clicks"]) == (1310, 205)
    assert spanish["status"] == "answered" and spanish["best_entry"] == "where-is-my-order"


def test_languages_are_given_or_detected_and_reported(sample_report: dict[str, Any]) -> None:
    assert question(sample_report, "es", "cuentas bloqueadas")["language_from"] == "text"
    assert question(sample_report, "ru", "где мой заказ парселия")["language_from"] == "text"
    assert question(sample_report, "en", "parcelia refund")["language_from"] == "text"
    assert question(sample_report, "ru", "бонусные баллы")["language_from"] == "column"
    headline = sample_report["headline"]
    assert headline["Language from a column (rows)"].startswith("en ")
    assert "es " in headline["Language detected from the text or page (rows)"]


def test_a_call_reason_code_is_answered_by_the_entry_listing_it(sample_report: dict[str, Any]) -> None:
    for language, text in (("ru", "Где мой заказ"), ("es", "Dónde está mi pedido")):
        found = [
            q
            for q in sample_report["questions"]
            if q.get("reason_code") == "order-status" and q["language"] == language
        ]
        assert len(found) == 1 and found[0]["query"] == text
        assert found[0]["status"] == "answered" and found[0]["best_entry"] == "where-is-my-order"
        assert found[0]["mapped_by_call_reason"] is True
    russian = [
        q
        for q in sample_report["questions"]
        if q.get("reason_code") == "order-status" and q["language"] == "ru"
    ]
    assert russian[0]["calls"] == 1840 + 1710  # two days, one question


def test_a_code_without_text_is_searched_by_its_name_in_call_reasons_yml(
    sample_report: dict[str, Any],
) -> None:
    """call-reasons.csv rows with a code only: a code an entry lists maps to it; one that
    call_reasons.yml names but no entry lists is searched by its name in the row's language;
    one the file does not list is searched as it is and reported."""
    by_code = {
        (q["reason_code"], q["language"]): q
        for q in sample_report["questions"]
        if q["source"] == "call-reasons"
    }
    assert by_code["double-charge", "en"]["best_entry"] == "charged-twice"
    installments = by_code["installments", "en"]
    assert installments["query"] == "installments" and installments["status"] == "gap"
    assert "'Paying in installments'" in installments["reason"]
    assert "reason_code_unlisted" not in installments
    assert by_code["loyalty-points", "ru"]["reason_code_unlisted"] is True
    assert by_code["gift-wrap", "ru"]["reason_code_unlisted"] is True  # it came with a text
    assert "| Call reason codes not in call\\_reasons.yml | app-push, gift-wrap, loyalty-points |" in (
        sample_report["out"] / "gaps.md"
    ).read_text(encoding="utf-8")


def test_a_contact_page_landing_is_a_deflection_opportunity(sample_report: dict[str, Any]) -> None:
    phone = question(sample_report, "ru", "телефон поддержки парселии")
    assert phone["deflection"] == "https://help.parcelia.example/contact/"
    assert phone["contacts"] == 310  # the Google clicks that land on the contact page
    assert question(sample_report, "en", "parcelia customer service phone number")["deflection"]
    assert "deflection" not in question(sample_report, "ru", "где мой заказ")
    assert sample_report["summary"]["contact_page_clicks"] == {"ru": 420, "en": 35}


def test_a_translation_gap_is_found(sample_report: dict[str, Any]) -> None:
    spanish = question(sample_report, "es", "No me llegan las notis de la app", "call-reasons")
    assert spanish["status"] == "gap"
    assert (
        spanish["translation_gap"]
        == "the same call reason is answered in ru by 'app-notifications', not in es"
    )
    assert (
        question(sample_report, "ru", "Не приходят пуши из приложения", "call-reasons")["status"]
        == "answered"
    )
    assert {"query": spanish["query"], "language": "es", "source": "call-reasons", "contacts": 41.0} | {
        "detail": spanish["translation_gap"]
    } in sample_report["translation_gaps"]


def test_gaps_are_grouped_and_ranked_by_contacts(sample_report: dict[str, Any]) -> None:
    rows = sample_report["rows"]
    contacts = [row["contacts"] for row in rows]
    assert contacts == sorted(contacts, reverse=True)
    assert rows[0]["status"] == "gap" and rows[0]["question"] == "как стать курьером парселии"
    courier = question(sample_report, "ru", "как стать курьером парселии")
    assert courier["contacts"] == 1480 - 9  # impressions × (1 − CTR)
    loyalty = question(sample_report, "en", "loyalty points")
    assert loyalty["status"] == "gap" and loyalty["contacts"] == 120  # searches
    groups = sample_report["groups"]
    assert [g["contacts"] for g in groups] == sorted((g["contacts"] for g in groups), reverse=True)
    assert all(g["questions"] >= 1 and g["examples"] for g in groups)
    assert not any(row["question"] == "parcelia" for row in rows)  # navigational: not a finding


def test_the_report_has_every_form_and_its_charts(sample_report: dict[str, Any]) -> None:
    out: Path = sample_report["out"]
    markdown = (out / "gaps.md").read_text(encoding="utf-8")
    assert markdown.startswith("## Deflection-gap audit\n\n**FAIL: ")
    assert "Rows read / used / skipped" in markdown
    html = (out / "gaps.html").read_text(encoding="utf-8")
    assert html.count("<svg") == 3
    with (out / "gaps.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(sample_report["rows"]) and rows[0]["question"] == "как стать курьером парселии"
    titles = [chart["title"] for chart in sample_report["charts"]]
    assert titles == [
        "Top gaps by contacts at risk",
        "Verdicts per language (questions)",
        "Answered share of contacts at risk, by language and source",
    ]
    record = sample_report["questions"][0]
    for key in ("query", "language", "source", "volume", "status", "best_url", "best_entry", "score"):
        assert key in record


def test_the_exit_status_gates_on_the_gap_share(
    sample_report: dict[str, Any], reference_site: Path, tmp_path: Path
) -> None:
    share = sample_report["summary"]["gap_share"]
    assert 0.2 < share < 0.5
    assert sample_report["exit_code"] == 1
    assert sample_report["verdict"].startswith("FAIL: ")
    result = audit(reference_site, tmp_path, str(EXAMPLES / "call-reasons.csv"), "--fail-on-gap-share", "0.9")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("OK: ")


# -- bad input ------------------------------------------------------------------------------
def test_an_empty_file_is_a_clear_error(reference_site: Path, tmp_path: Path) -> None:
    result = audit(reference_site, tmp_path, str(FIXTURES / "empty.csv"))
    assert result.exit_code == 2
    assert "empty.csv: the file is empty — export it again, with its header row" in result.output
    assert "Traceback" not in result.output


def test_unknown_headers_are_a_clear_error(reference_site: Path, tmp_path: Path) -> None:
    result = audit(reference_site, tmp_path, str(FIXTURES / "unknown-headers.csv"))
    assert result.exit_code == 2
    assert (
        "unknown-headers.csv: unknown columns: Keyword, Volume, Difficulty — expected a Search Console"
        in (result.output)
    )


def test_bad_rows_are_skipped_and_reported(reference_site: Path, tmp_path: Path) -> None:
    result = audit(reference_site, tmp_path, str(FIXTURES / "bad-calls.csv"), "--fail-on-gap-share", "1")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "gaps.json").read_text(encoding="utf-8"))
    [file] = report["inputs"]
    assert (file["rows_read"], file["rows_used"], file["rows_skipped"]) == (4, 1, 3)
    name = str(FIXTURES / "bad-calls.csv")
    assert file["problems"] == [
        f"{name}:3: 'calls' is 'много', not a number — row skipped",
        f"{name}:4: language 'de' is not a language of this help center (ru, en, es) — row skipped",
        f"{name}:5: both reason_code and reason_text are empty — row skipped",
    ]
    assert report["headline"]["Rows read / used / skipped"] == "4 / 1 / 3"
    assert f"{name}:3: 'calls' is 'много', not a number — row skipped" in (tmp_path / "gaps.md").read_text(
        encoding="utf-8"
    ).replace("\\", "")


def test_a_windows_1251_file_is_read_and_reported(reference_site: Path, tmp_path: Path) -> None:
    result = audit(reference_site, tmp_path, str(FIXTURES / "cp1251.csv"), "--fail-on-gap-share", "1")
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "gaps.json").read_text(encoding="utf-8"))
    [file] = report["inputs"]
    assert file["encoding"] == "cp1251" and file["rows_used"] == 2
    assert f"{FIXTURES / 'cp1251.csv'}: not UTF-8; read as Windows-1251" in file["notes"][0]
    assert question(report, "ru", "Почему задерживается доставка")["calls"] == 320
    # told it is UTF-8, it names the line it cannot read
    result = audit(reference_site, tmp_path, str(FIXTURES / "cp1251.csv"), "--encoding", "utf-8")
    assert result.exit_code == 2
    assert "cp1251.csv:2: the text is not utf-8 from here on — save the file as UTF-8" in result.output


def test_a_missing_site_says_to_build_it(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["audit", "gaps", str(FIXTURES / "Queries.csv"), "--site", str(tmp_path / "nowhere")]
        + ["-f", str(ROOT / "mkdocs.yml"), "--out-dir", str(tmp_path)],
    )
    assert result.exit_code == 2
    assert "no such folder — build the site first (mkdocs build) or pass --site" in result.output


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("Top queries,Clicks,Impressions,CTR,Position", "Search Console queries (English UI)"),
        ("Популярные запросы,Клики,Показы,CTR,Позиция", "Search Console queries (Russian UI)"),
        ("Самые популярные запросы,Клики,Показы,CTR,Средняя позиция", "Search Console queries (Russian UI)"),
        ("Consultas principales,Clics,Impresiones,CTR,Posición", "Search Console queries (Spanish UI)"),
        ("Consultas principales,Clics,Impresiones,CTR,Posición media", "Search Console queries (Spanish UI)"),
        ("Top pages,Clicks,Impressions,CTR,Position", "Search Console pages (English UI)"),
        ("Самые популярные страницы,Клики,Показы,CTR,Позиция", "Search Console pages (Russian UI)"),
        ("Páginas principales,Clics,Impresiones,CTR,Posición", "Search Console pages (Spanish UI)"),
        ("query,page,clicks,impressions,ctr,position,date,country", "Search Console rows (API/BigQuery)"),
        ("date,reason_code,reason_text,language,calls", "call reasons"),
        ("query,language,searches,results", "site-search log"),
    ],
)
def test_formats_are_told_by_their_header(header: str, kind: str) -> None:
    assert detect_format("x.csv", header.split(",")).label == kind


@pytest.mark.parametrize(
    ("value", "count"), [("1 310", 1310), ("1,310", 1310), ("1.310", 1310), ("12", 12), ("0", 0)]
)
def test_counts_read_as_exports_write_them(value: str, count: int) -> None:
    assert parse_count(value) == count


@pytest.mark.parametrize(("value", "ctr"), [("3.45%", 0.0345), ("3,45 %", 0.0345), ("0.0345", 0.0345)])
def test_ctr_reads_as_exports_write_it(value: str, ctr: float) -> None:
    assert parse_ctr(value) == pytest.approx(ctr)


# -- a translation shown in the default language ------------------------------------------------
FALLBACK_SITE = """\
site_name: Test Help
site_url: https://help.test.example/
theme:
  name: material
  language: ru
plugins:
  - search
  - helpcenter:
      translation_fallback: true
  - i18n:
      docs_structure: folder
      languages:
        - {locale: ru, name: Русский, default: true}
        - {locale: en, name: English}
        - {locale: es, name: Español}
"""
FALLBACK_CATEGORY = """\
category:
  id: orders
  title: {ru: Заказы, en: Orders, es: Pedidos}
  description: {ru: Всё о заказах., en: All about orders., es: Todo sobre pedidos.}
entries:
  - id: where-is-my-order
    question: {ru: "Где мой заказ?", en: "Where is my order?", es: "¿Dónde está mi pedido?"}
    answer:
      ru: Откройте раздел «Мои заказы».
      en: Open "My orders".
      es: Abre «Mis pedidos».
    call_reasons: [order-status]
  - id: gift-wrapping
    question: {ru: "Можно ли упаковать заказ в подарочную бумагу?", en: "Can you gift-wrap my order?"}
    answer:
      ru: Да, выберите подарочную упаковку при оформлении заказа.
      en: Yes, choose gift wrapping at checkout.
    call_reasons: [gift-wrap]
"""


@pytest.mark.build
def test_an_answer_shown_in_the_default_language_is_a_translation_gap(make_project, tmp_path: Path) -> None:
    project = make_project(faq={"orders.yml": FALLBACK_CATEGORY}, mkdocs_yml=FALLBACK_SITE)
    built = run_mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    calls = tmp_path / "calls.csv"
    calls.write_text(
        "date,reason_code,reason_text,language,calls\n"
        "2026-11-20,gift-wrap,Подарочная упаковка,ru,40\n"
        "2026-11-20,gift-wrap,Envolver para regalo,es,12\n"
        "2026-11-20,order-status,Dónde está mi pedido,es,30\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        ["audit", "gaps", str(calls), "--site", str(tmp_path / "site"), "-f", str(project / "mkdocs.yml")]
        + ["--out-dir", str(tmp_path / "out"), "--fail-on-gap-share", "1", "-q"],
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "out" / "gaps.json").read_text(encoding="utf-8"))
    spanish = question(report, "es", "Envolver para regalo")
    assert spanish["status"] == "weak" and spanish["best_entry"] == "gift-wrapping"
    assert spanish["translation_gap"] == "entry 'gift-wrapping' shows the ru text in es"
    assert spanish["mapped_by_call_reason"] is True
    assert question(report, "ru", "Подарочная упаковка")["status"] == "answered"
    assert question(report, "es", "Dónde está mi pedido")["status"] == "answered"
