#!/usr/bin/env python3
"""Gap-audit benchmark: synthetic Search Console rows through `helpcenter audit gaps`.

Writes N synthetic Search Console API rows (query,page,clicks,impressions,ctr,position,date)
made of the reference content's words, with repeats as real exports have (a query comes
back on many days and pages, Zipf-distributed), then runs the audit's stages in a fresh
process: reading and aggregating the rows, searching every distinct question in its
language, and writing the report. Prints distinct questions searched per second per
language and the process's peak memory (ru_maxrss).

    python benchmarks/audit_gaps.py [--rows 100000 --rows 1000000] [--site DIR]

Target (issue 8): ≥ 2,000 distinct questions per second per language on 2 cores; memory
bounded when the rows grow tenfold (the rows are streamed, one aggregate per question).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"ru": "", "en": "en/", "es": "es/"}
BRAND = {"ru": ["парселия", "парселии"], "en": ["parcelia"], "es": ["parcelia"]}
POOL = 4_000  # distinct queries per language the rows are drawn from (Zipf: a few are most of them)


def vocabulary(site: Path) -> dict[str, list[str]]:
    """Words of the built site's search index per language, the way customers type them."""
    words: dict[str, list[str]] = {}
    for language, prefix in LANGUAGES.items():
        data = json.loads((site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        found: list[str] = []
        for doc in data["docs"]:
            text = re.sub(r"<[^>]+>", " ", doc.get("title", "") + " " + doc.get("text", ""))
            found += [word.lower() for word in re.findall(r"[^\W\d_]{3,}", text)]
        words[language] = found
    return words


def write_rows(path: Path, rows: int, site: Path, seed: int = 8) -> None:
    rng = random.Random(seed)
    words = vocabulary(site)
    pools = {}
    for language, vocab in words.items():
        queries: set[str] = set()
        while len(queries) < POOL:
            query = [rng.choice(vocab) for _ in range(rng.choice((1, 2, 2, 3, 3, 3, 4, 5)))]
            if rng.random() < 0.15:
                query.insert(rng.randrange(len(query) + 1), rng.choice(BRAND[language]))
            queries.add(" ".join(query))
        pools[language] = sorted(queries)
    # Zipf-like popularity: the k-th query of a pool is drawn with weight 1 / k
    cumulative = list(itertools.accumulate(1 / rank for rank in range(1, POOL + 1)))
    pages = {
        language: [
            f"https://help.parcelia.example/{prefix}{page}" for page in ("faq/orders/", "contact/", "")
        ]
        for language, prefix in LANGUAGES.items()
    }
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["query", "page", "clicks", "impressions", "ctr", "position", "date"])
        chunk = 10_000
        for start in range(0, rows, chunk):
            for _ in range(min(chunk, rows - start)):
                language = rng.choice(("ru", "ru", "en", "es"))
                query = rng.choices(pools[language], cum_weights=cumulative)[0]
                impressions = rng.randint(1, 400)
                clicks = rng.randint(0, impressions // 5)
                writer.writerow(
                    [
                        query,
                        rng.choice(pages[language]),
                        clicks,
                        impressions,
                        f"{clicks / impressions:.4f}",
                        f"{rng.uniform(1, 30):.1f}",
                        f"2026-11-{rng.randint(1, 28):02d}",
                    ]
                )


def run(rows_file: Path, site: Path, out: Path) -> dict[str, object]:
    """The audit's stages, timed, in this process."""
    from helpcenter.audit import gaps_verdict
    from helpcenter.audit.gaps import _open_site, build_report
    from helpcenter.audit.gaps_audit import Questions, analyze
    from helpcenter.audit.gaps_inputs import read_file
    from helpcenter.audit.report import write_report

    started = time.perf_counter()
    search = _open_site(str(ROOT / "mkdocs.yml"), site, ())
    opened = time.perf_counter()
    peak_opened = _peak_mb()
    questions = Questions(search)
    files = read_file(rows_file, questions.add, questions.add_page)
    read = time.perf_counter()
    peak_read = _peak_mb()
    analysis = analyze(search, questions)
    searched = time.perf_counter()
    peak_searched = _peak_mb()
    report = build_report(
        search, questions, analysis, files, 0.2, gaps_verdict.MIN_SCORE, gaps_verdict.WEAK_SCORE
    )
    write_report(report, out, "gaps")
    done = time.perf_counter()
    per_language = {
        language: {
            "questions": sum(1 for q in analysis.questions if q.language == language),
            "seconds": analysis.seconds.get(language, 0.0),
        }
        for language in search.languages
    }
    return {
        "rows": sum(f.rows_read for f in files),
        "skipped": sum(f.rows_skipped for f in files),
        "questions": len(questions),
        "open_seconds": opened - started,
        "read_seconds": read - opened,
        "search_seconds": searched - read,
        "report_seconds": done - searched,
        "per_language": per_language,
        "peak_mb_opened": peak_opened,
        "peak_mb_read": peak_read,
        "peak_mb_searched": peak_searched,
        "peak_mb": _peak_mb(),
    }


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_site(destination: Path) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HELPCENTER_NOW": "2026-11-23T12:00:00+03:00"}
    site = destination / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "-d",
            str(site),
        ],
        check=True,
        env=env,
    )
    return site


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, action="append", help="rows to generate (repeat it)")
    parser.add_argument("--site", type=Path, help="a built reference site (default: build one)")
    parser.add_argument("--child", nargs=3, metavar=("ROWS_FILE", "SITE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        rows_file, site, out = (Path(value) for value in args.child)
        print(json.dumps(run(rows_file, site, out)))
        return
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        site = args.site or build_site(work)
        for rows in args.rows or [100_000, 1_000_000]:
            rows_file = work / f"rows-{rows}.csv"
            begin = time.perf_counter()
            write_rows(rows_file, rows, site)
            generated = time.perf_counter() - begin
            # a fresh process per size, so its peak memory is its own
            child = subprocess.run(
                [sys.executable, __file__, "--child", str(rows_file), str(site), str(work / f"out-{rows}")],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(child.stdout.strip().splitlines()[-1])
            size = rows_file.stat().st_size / 1e6
            print(
                f"\n{rows:,} Search Console rows ({size:.0f} MB, made in {generated:.0f} s): "
                f"{result['questions']:,} distinct questions, {result['skipped']} rows skipped"
            )
            rate = result["rows"] / result["read_seconds"]
            print(
                f"  open the site {result['open_seconds']:.1f} s · read and aggregate "
                f"{result['read_seconds']:.1f} s ({rate:,.0f} rows/s) · verdicts and groups "
                f"{result['search_seconds']:.1f} s · report {result['report_seconds']:.1f} s"
            )
            for language, figures in result["per_language"].items():
                rate = figures["questions"] / figures["seconds"] if figures["seconds"] else 0
                print(f"  {language}: {figures['questions']:,} distinct questions, {rate:,.0f} questions/s")
            print(
                f"  peak memory (max RSS): {result['peak_mb']:.0f} MB — after opening the site "
                f"{result['peak_mb_opened']:.0f} MB, reading the rows {result['peak_mb_read']:.0f} MB, "
                f"the verdicts {result['peak_mb_searched']:.0f} MB, the report {result['peak_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
