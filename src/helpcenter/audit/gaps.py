"""`helpcenter audit gaps`: what customers ask that the help center does not answer (issue 8).

The command reads what customers asked (Search Console exports, call reasons, site-search
logs; `gaps_inputs`), runs every distinct question through the site's own search in its
language (`gaps_search`, the browser's lunr search rebuilt in Python from the built site's
index files), judges it answered, weak or a gap (`gaps_verdict`), finds translation gaps and
deflection opportunities, groups and ranks the gaps by the contacts they cost
(`gaps_audit`), and writes the report with `helpcenter.audit.report`.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from helpcenter.audit import gaps_verdict
from helpcenter.audit.gaps_audit import (
    Analysis,
    Question,
    Questions,
    SiteError,
    SitePaths,
    SiteSearch,
    analyze,
)
from helpcenter.audit.gaps_inputs import (
    CALL_REASONS,
    SEARCH_CONSOLE,
    SOURCE_NAMES,
    FileReport,
    InputError,
    read_file,
)
from helpcenter.audit.report import Chart, Report, write_report
from helpcenter.project import config_file_option

STEM = "gaps"


class BadInput(click.ClickException):
    """An input or the site cannot be read: exit status 2, apart from the threshold's 1."""

    exit_code = 2


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...", type=click.Path(path_type=Path))
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="site",
    show_default=True,
    help="The built site (mkdocs build): its search index files are what the audit searches.",
)
@config_file_option("The help center's mkdocs.yml (languages, FAQ entries and their call_reasons).")
@click.option(
    "--out-dir",
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default="gaps-report",
    show_default=True,
    help="Where gaps.md, gaps.json, gaps.csv and gaps.html go.",
)
@click.option(
    "--fail-on-gap-share",
    type=click.FloatRange(0, 1),
    default=0.2,
    show_default=True,
    help="Exit 1 when more than this share of the contacts at risk falls on gaps.",
)
@click.option(
    "--min-score",
    type=click.FloatRange(0, 1),
    default=gaps_verdict.MIN_SCORE,
    show_default=True,
    help="Answered from this score: the share of a question's topic words its best answer covers.",
)
@click.option(
    "--weak-score",
    type=click.FloatRange(0, 1),
    default=gaps_verdict.WEAK_SCORE,
    show_default=True,
    help="Weakly answered from this score (below --min-score); a gap below it.",
)
@click.option(
    "--shown-score",
    type=click.FloatRange(0, 1),
    default=gaps_verdict.SHOWN_SCORE,
    show_default=True,
    help=f"Answered from this score too when the site's search shows the answer among its first "
    f"{gaps_verdict.SHOWN_RANK} results and the customer asked about its own question.",
)
@click.option(
    "--brand",
    multiple=True,
    metavar="WORD",
    help="A brand word that must not make a question answered (repeat it). The site name's words "
    "and the FAQ's frequent proper nouns are brand words already.",
)
@click.option(
    "--encoding", help="The inputs' encoding when it is not UTF-8 (like cp1251); default: detected."
)
@click.option("-q", "--quiet", is_flag=True, help="No progress messages.")
def gaps_command(
    inputs: tuple[Path, ...],
    site_dir: Path,
    config_file: str,
    out_dir: Path,
    fail_on_gap_share: float,
    min_score: float,
    weak_score: float,
    shown_score: float,
    brand: tuple[str, ...],
    encoding: str | None,
    quiet: bool,
) -> None:
    """Find what customers ask that the help center does not answer.

    INPUT files are what customers asked, each recognised by its header row: a Search
    Console export (Queries.csv, Pages.csv or the zip of the Export button, in any UI
    language), Search Console API/BigQuery rows (query,page,clicks,impressions,ctr,position),
    call reasons from the contact center (date,reason_code,reason_text,language,calls) or a
    site-search log (query,language,searches,results).

    Every distinct question goes through the site's own search in its language, as the
    browser runs it, and is answered, weak or a gap. Call reasons are matched first by the
    FAQ entries' call_reasons codes. Gaps are grouped and ranked by contacts at risk: calls,
    searches, and Search Console impressions × (1 − CTR). The report says which questions are
    answered in one language and not another, and which land on the contact page from Google.

    Exit status: 0, or 1 when the share of contacts at risk that falls on gaps passes
    --fail-on-gap-share, or 2 when an input or the site cannot be read.
    """
    if weak_score > min_score:
        raise click.BadParameter("must not be above --min-score", param_hint="--weak-score")
    if shown_score > min_score:
        raise click.BadParameter("must not be above --min-score", param_hint="--shown-score")
    say = (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))
    started = time.perf_counter()
    site = _open_site(config_file, site_dir, brand)
    questions = Questions(site)
    files: list[FileReport] = []
    for path in inputs:
        try:
            files += read_file(
                path,
                questions.add,
                questions.add_page,
                encoding,
                progress=lambda name, rows: say(f"{name}: {rows:,} rows read"),
            )
        except InputError as exc:
            raise BadInput(str(exc)) from None
        except LookupError:
            raise BadInput(f"--encoding {encoding}: no such encoding (try utf-8, cp1251, cp1252)") from None
        except OSError as exc:
            raise BadInput(f"{path}: cannot read it ({exc.strerror or exc})") from None
    say(f"{sum(f.rows_read for f in files):,} rows read: {len(questions):,} distinct questions")
    analysis = analyze(
        site,
        questions,
        min_score,
        weak_score,
        shown_score,
        progress=lambda n: say(f"{n:,} of {len(questions):,} questions searched"),
    )
    report = build_report(
        site, questions, analysis, files, fail_on_gap_share, min_score, weak_score, shown_score
    )
    report.extra["settings"]["seconds"] = round(time.perf_counter() - started, 2)
    paths = write_report(report, out_dir, STEM)
    click.echo(report.verdict)
    click.echo("Report: " + ", ".join(str(path) for path in paths.values()))
    if analysis.gap_share > fail_on_gap_share:
        sys.exit(1)


def _open_site(config_file: str, site_dir: Path, brand: tuple[str, ...]) -> SiteSearch:

    from helpcenter.content import load_help_center
    from helpcenter.problems import ContentError
    from helpcenter.project import ProjectError, open_project

    try:
        project = open_project(Path(config_file))
    except ProjectError as exc:
        raise BadInput(str(exc)) from None
    config = project.config
    try:
        help_center = load_help_center(project.settings)
    except ContentError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise BadInput("the content has errors — fix them (helpcenter check) and run again") from None
    options = project.options
    paths = SitePaths(directory_urls=bool(config.use_directory_urls))
    paths.faq_url = options.faq_url.strip("/")
    paths.contact = paths.page_url(options.contact_page)
    paths.status = paths.page_url(options.status_page)
    paths.home = paths.page_url(options.home_page)
    paths.base_path = urlsplit(config.site_url or "/").path or "/"
    if not site_dir.is_dir():
        raise BadInput(f"{site_dir}: no such folder — build the site first (mkdocs build) or pass --site")
    from helpcenter.call_reasons import load_call_reasons

    root = project.settings.root
    reasons = load_call_reasons(root / options.call_reasons, root, project.settings.languages)
    try:
        return SiteSearch(
            site_dir,
            help_center,
            paths,
            _brand_texts(config, project.settings.languages),
            brand,
            None if reasons is None else {code: reason.name for code, reason in reasons.reasons.items()},
        )
    except SiteError as exc:
        raise BadInput(str(exc)) from None


def _brand_texts(config: Any, languages: list[str]) -> dict[str, list[str]]:
    """The site's name in each language and the organization's name: brand words."""
    texts: dict[str, list[str]] = {language: [str(config.site_name or "")] for language in languages}
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        for entry in i18n.config.languages:
            name = getattr(entry, "site_name", None)
            if entry.locale in texts and name:
                texts[entry.locale] = [str(name)]
    organization = (config.plugins.get("helpcenter").config.organization or {}).get("name")
    for language in languages:
        if isinstance(organization, dict):
            texts[language].append(str(organization.get(language, "")))
        elif organization:
            texts[language].append(str(organization))
    return texts


# -- the report -----------------------------------------------------------------------------
COLUMNS = [
    "rank",
    "contacts",
    "status",
    "finding",
    "language",
    "source",
    "question",
    "volume",
    "best_entry",
    "best_url",
    "score",
    "why",
]


def _number(value: float) -> str:
    return f"{value:,.0f}"


def _volume(question: Question) -> str:
    if question.source == "call-reasons":
        return f"{_number(question.calls)} calls"
    if question.source == "site-search":
        zero = (
            f" ({_number(question.zero_result_searches)} with no result)"
            if question.zero_result_searches
            else ""
        )
        return f"{_number(question.searches)} searches{zero}"
    return f"{_number(question.impressions)} impressions, {_number(question.clicks)} clicks"


def _findings(question: Question) -> list[str]:
    if question.navigational:
        return []
    found = [question.status] if question.status in ("gap", "weak") else []
    if question.translation_gap:
        found.append("translation gap")
    if question.deflection:
        found.append("deflection")
    if question.verdict is not None and question.verdict.buried:
        found.append("buried answer")
    return found


def _url(site: SiteSearch, question: Question) -> str:
    if not question.best_url:
        return ""
    prefix = "" if question.language == site.default_language else f"{question.language}/"
    return site.paths.base_path.rstrip("/") + "/" + prefix + question.best_url


def _why(question: Question) -> str:
    parts = [question.reason] if question.reason else []
    if question.translation_gap and question.translation_gap not in question.reason:
        parts.append(question.translation_gap)
    if question.deflection:
        parts.append(f"Google sends it to the contact page {question.deflection}")
    verdict = question.verdict
    if verdict is not None and verdict.buried:
        parts.append(f"the site's search shows the answer at #{verdict.best_rank}")
    return "; ".join(parts)


def _record(site: SiteSearch, question: Question) -> dict[str, Any]:
    """A question in gaps.json: the issue's fields, then only what applies to it."""
    verdict = question.verdict
    record: dict[str, Any] = {
        "query": question.text,
        "language": question.language,
        "language_from": question.language_from,
        "source": question.source,
        "volume": question.volume,
        "contacts": question.contacts,
        "status": question.status,
        "best_url": _url(site, question) or None,
        "best_entry": question.best_entry or None,
        "score": round(verdict.score, 3) if verdict else (1.0 if question.mapped else None),
        "reason": question.reason,
    }
    if question.source == SEARCH_CONSOLE:
        record["impressions"] = question.impressions
        record["clicks"] = question.clicks
    elif question.source == CALL_REASONS:
        record["calls"] = question.calls
        record["reason_code"] = question.reason_code or None
        record["mapped_by_call_reason"] = question.mapped
        if question.unlisted_code:
            record["reason_code_unlisted"] = True
    else:
        record["searches"] = question.searches
        record["zero_result_searches"] = question.zero_result_searches
    if verdict is not None and verdict.best_rank:
        record["rank"] = verdict.best_rank
    if verdict is not None and verdict.missing:
        record["missing"] = " ".join(verdict.missing)
    if (
        verdict is not None
        and verdict.new_words
        and verdict.best is not None
        and question.status != "answered"
    ):
        record["keywords_for"] = {"answer": verdict.best.answer, "words": verdict.new_words}
    for name in ("translation_gap", "deflection", "group"):
        if getattr(question, name):
            record[name] = getattr(question, name)
    return record


def _brief(question: Question, detail: str) -> dict[str, Any]:
    return {
        "query": question.text,
        "language": question.language,
        "source": question.source,
        "contacts": question.contacts,
        "detail": detail,
    }


def build_report(
    site: SiteSearch,
    questions: Questions,
    analysis: Analysis,
    files: list[FileReport],
    fail_on_gap_share: float,
    min_score: float,
    weak_score: float,
    shown_score: float = gaps_verdict.SHOWN_SCORE,
) -> Report:
    items = analysis.questions
    flagged = [q for q in items if _findings(q)]
    flagged.sort(key=lambda q: (-q.contacts, -q.at_risk, q.language, q.text))
    rows = []
    for rank, question in enumerate(flagged, 1):
        verdict = question.verdict
        rows.append(
            {
                "rank": rank,
                "contacts": round(question.contacts),
                "status": question.status,
                "finding": ", ".join(_findings(question)),
                "language": question.language,
                "source": SOURCE_NAMES[question.source],
                "question": question.text,
                "volume": _volume(question),
                "best_entry": question.best_entry,
                "best_url": _url(site, question),
                "score": f"{verdict.score:.2f}" if verdict else ("1.00" if question.mapped else ""),
                "why": _why(question),
            }
        )

    read = sum(f.rows_read for f in files)
    used = sum(f.rows_used for f in files)
    skipped = sum(f.rows_skipped for f in files)
    share = analysis.gap_share
    crossed = share > fail_on_gap_share
    verdict_line = (
        f"{'FAIL' if crossed else 'OK'}: {share:.1%} of the contacts at risk fall on gaps "
        f"({'above' if crossed else 'within'} the {fail_on_gap_share:.0%} threshold)"
    )
    statuses: dict[str, Counter[str]] = {language: Counter() for language in site.languages}
    for question in items:
        statuses[question.language][question.status] += 1
    summary: list[tuple[str, str]] = [
        ("Inputs", ", ".join(f"{f.name} ({f.kind})" for f in files)),
        ("Rows read / used / skipped", f"{read:,} / {used:,} / {skipped:,}"),
        ("Distinct questions", f"{len(items):,}"),
        ("Contacts at risk", _number(sum(q.at_risk for q in items))),
        ("Gap share of contacts at risk", f"{share:.1%} (threshold {fail_on_gap_share:.0%})"),
    ]
    for language in site.languages:
        counts = statuses[language]
        summary.append(
            (
                f"{language}: rows / questions",
                f"{questions.rows_by_language[language]:,} / {sum(counts.values()):,}",
            )
        )
        summary.append(
            (
                f"{language}: answered / weak / gap",
                f"{counts['answered']:,} / {counts['weak']:,} / {counts['gap']:,}",
            )
        )
    detected = Counter()
    given = Counter()
    for (language, how), count in questions.language_from.items():
        (given if how == "column" else detected)[language] += count
    summary.append(("Language from a column (rows)", _counts(given) or "none"))
    summary.append(("Language detected from the text or page (rows)", _counts(detected) or "none"))
    navigational = sum(1 for q in items if q.navigational)
    summary.append(("Navigational questions (only the brand; not counted)", f"{navigational:,}"))
    if site.reason_names is not None:
        unlisted = sorted({q.reason_code for q in items if q.unlisted_code})
        summary.append(("Call reason codes not in call_reasons.yml", ", ".join(unlisted) or "none"))
    summary.append(("Translation gaps", f"{len(analysis.translation_gaps):,}"))
    summary.append(("Deflection opportunities (Google → contact page)", f"{len(analysis.deflections):,}"))
    summary.append(("Answers the site's search shows below the first results", f"{len(analysis.buried):,}"))
    if questions.page_clicks:
        total = sum(questions.page_clicks.values())
        contact = sum(questions.contact_clicks.values())
        summary.append(
            ("Google clicks landing on the contact page (Pages.csv)", f"{contact:,.0f} of {total:,.0f}")
        )

    charts = _charts(site, analysis, statuses)
    notes = [
        "Contacts at risk: calls (call reasons), searches (site search) and impressions × (1 − CTR) "
        "(Search Console) of a question; a gap or weak question costs all of them, an answered one none, "
        "except the Google clicks that land on the contact page (deflection).",
        f"Verdict: the share of a question's topic words its best answer covers (idf-weighted; a word only "
        f"in an answer's text counts {gaps_verdict.TEXT_CREDIT:g}): answered from {min_score:g} (from "
        f"{shown_score:g} when the site's search shows the answer among its first {gaps_verdict.SHOWN_RANK}"
        f" results and the question asks about its own), weak from {weak_score:g}, else a gap. The brand,"
        " stop words and question words do not count.",
    ]
    for language in site.languages:
        notes.append(f"Brand words ({language}): {', '.join(site.brand_words[language]) or 'none'}")
    for report_file in files:
        notes += report_file.notes
        notes += report_file.problems
    groups = [
        {
            "id": group.key,
            "language": group.language,
            "status": group.status,
            "label": group.label,
            "questions": len(group.questions),
            "contacts": round(group.contacts),
            "examples": [q.text for q in group.questions[:5]],
        }
        for group in analysis.groups
    ]
    by_language = {
        language: {
            "rows": questions.rows_by_language[language],
            "questions": sum(statuses[language].values()),
            **{status: statuses[language][status] for status in ("answered", "weak", "gap")},
        }
        for language in site.languages
    }
    extra = {
        "questions": [
            _record(site, q) for q in sorted(items, key=lambda q: (-q.at_risk, q.language, q.text))
        ],
        "groups": groups,
        "translation_gaps": [_brief(q, q.translation_gap) for q in analysis.translation_gaps],
        "deflection": [_brief(q, q.deflection) for q in analysis.deflections],
        "buried": [
            _brief(q, f"{q.best_url} is #{q.verdict.best_rank if q.verdict else '?'} in the site's search")
            for q in analysis.buried
        ],
        "inputs": [
            {
                "file": f.name,
                "kind": f.kind,
                "encoding": f.encoding,
                "rows_read": f.rows_read,
                "rows_used": f.rows_used,
                "rows_skipped": f.rows_skipped,
                "problems": f.problems,
                "notes": f.notes,
            }
            for f in files
        ],
        "figures": {
            "rows_read": read,
            "rows_used": used,
            "rows_skipped": skipped,
            "questions": len(items),
            "contacts_at_risk": sum(q.at_risk for q in items),
            "gap_contacts": sum(q.at_risk for q in items if q.status == "gap"),
            "gap_share": share,
            "languages": by_language,
            "language_from": {
                f"{language}:{how}": count for (language, how), count in questions.language_from.items()
            },
            "contact_page_clicks": dict(questions.contact_clicks),
        },
        "settings": {
            "min_score": min_score,
            "weak_score": weak_score,
            "shown_score": shown_score,
            "shown_rank": gaps_verdict.SHOWN_RANK,
            "fail_on_gap_share": fail_on_gap_share,
            "text_credit": gaps_verdict.TEXT_CREDIT,
            "depth": gaps_verdict.DEPTH,
            "brand_words": site.brand_words,
        },
    }
    # gaps.json as the issue documents it: {"questions", "groups", "summary"}, and the rest
    document = {
        "questions": extra["questions"],
        "groups": extra["groups"],
        "summary": extra["figures"],
        "verdict": verdict_line,
        "headline": dict(summary),
        "rows": rows,
        **{key: value for key, value in extra.items() if key not in ("questions", "groups", "figures")},
    }
    return Report(
        title="Deflection-gap audit",
        summary=summary,
        columns=COLUMNS,
        rows=rows,
        charts=charts,
        verdict=verdict_line,
        notes=notes,
        extra=extra,
        document=document,
    )


def _group_label(group: Any) -> str:
    """`ru · как стать курьером парселии (+2)`: the group's costliest question."""
    more = f" (+{len(group.questions) - 1})" if len(group.questions) > 1 else ""
    return f"{group.language} · {group.questions[0].text}{more}"


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {value:,}" for key, value in sorted(counter.items()))


def _charts(site: SiteSearch, analysis: Analysis, statuses: dict[str, Counter[str]]) -> list[Chart]:
    groups = [group for group in analysis.groups if group.status == "gap" and group.contacts > 0][:12]
    charts = [
        Chart(
            "Top gaps by contacts at risk",
            [_group_label(group) for group in groups],
            [round(group.contacts) for group in groups],
        )
    ]
    labels, values = [], []
    for language in site.languages:
        for status in ("answered", "weak", "gap"):
            labels.append(f"{language} · {status}")
            values.append(statuses[language][status])
    charts.append(Chart("Verdicts per language (questions)", labels, values))
    coverage: dict[tuple[str, str], list[float]] = {}
    for question in analysis.questions:
        cell = coverage.setdefault((question.language, question.source), [0.0, 0.0])
        cell[1] += question.at_risk
        if question.status == "answered":
            cell[0] += question.at_risk
    keys = sorted(coverage)
    charts.append(
        Chart(
            "Answered share of contacts at risk, by language and source",
            [f"{language} · {SOURCE_NAMES[source]}" for language, source in keys],
            [
                round(100 * coverage[key][0] / coverage[key][1], 1) if coverage[key][1] else 0.0
                for key in keys
            ],
            unit="%",
        )
    )
    return [chart for chart in charts if chart.labels]
