#!/usr/bin/env python3
"""Build benchmark: the reference site, a synthetic 1,000-entry × 3-language help center
built with the helpcenter plugin, and the same content as plain Markdown built with plain
Material + mkdocs-static-i18n. Prints the median wall time, peak memory and the ratio,
and the median CPU time, which other work on the machine disturbs less; the builds take
turns, one of each per round.

    python benchmarks/build.py [--runs 5] [--entries 1000] [--keep DIR] [--instructions]

Targets (issue 4): plugin / plain ≤ 1.15, the 1,000-entry site in ≤ 10 s.

Wall and CPU time on a shared machine vary from run to run by more than the plugin costs;
`--instructions` also counts the instructions each synthetic build executes (valgrind's
cachegrind, both builds at once, a few minutes), which gives the same figures every time.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ["ru", "en", "es"]
CATEGORIES = 20

MKDOCS_YML = """\
site_name: Synthetic Help
site_url: https://help.synthetic.example/
theme: {{name: material, language: ru}}
markdown_extensions: [toc, attr_list]
plugins:
  - search
{plugin}  - i18n:
      docs_structure: folder
      languages:
        - {{locale: ru, name: Русский, default: true}}
        - {{locale: en, name: English}}
        - {{locale: es, name: Español}}
"""


def vocabulary() -> dict[str, list[str]]:
    """Words of the reference content, per language, as customers read them."""
    words: dict[str, list[str]] = {language: [] for language in LANGUAGES}
    for path in sorted((ROOT / "faq").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in data["entries"]:
            for language in LANGUAGES:
                text = entry["question"][language] + " " + entry["answer"][language]
                words[language] += re.findall(r"[^\W\d_]{3,}", text)
    return words


def sentence(rng: random.Random, words: list[str], low: int, high: int) -> str:
    chosen = [rng.choice(words) for _ in range(rng.randint(low, high))]
    return (" ".join(chosen)).capitalize()


def synthetic_content(entries: int, seed: int = 2026) -> list[dict]:
    """Categories with entries whose lengths follow the reference content (questions 5–12 words,
    answers of 2–4 paragraphs or a list of steps, 40–140 words)."""
    rng = random.Random(seed)
    words = vocabulary()
    categories = []
    per_category = entries // CATEGORIES
    for c in range(CATEGORIES):
        items = []
        for e in range(per_category):
            answer = {}
            for language in LANGUAGES:
                if rng.random() < 0.4:
                    steps = [
                        f"{i}. {sentence(rng, words[language], 6, 14)}." for i in range(1, rng.randint(3, 6))
                    ]
                    answer[language] = (
                        sentence(rng, words[language], 8, 16) + ":\n\n" + "\n".join(steps) + "\n"
                    )
                else:
                    paragraphs = [
                        sentence(rng, words[language], 15, 35) + "." for _ in range(rng.randint(2, 4))
                    ]
                    answer[language] = "\n\n".join(paragraphs) + "\n"
            entry_id = f"c{c:02d}-q{e:03d}"
            items.append(
                {
                    "id": entry_id,
                    "question": {lang: sentence(rng, words[lang], 5, 12) + "?" for lang in LANGUAGES},
                    "answer": answer,
                    "keywords": {lang: [rng.choice(words[lang]) for _ in range(3)] for lang in LANGUAGES},
                    "call_reasons": ["order-status"],
                    "related": [f"c{c:02d}-q{(e + 1) % per_category:03d}"],
                    "reviewed": "2026-11-01",
                }
            )
        categories.append(
            {
                "category": {
                    "id": f"topic-{c:02d}",
                    "title": {lang: sentence(rng, words[lang], 2, 4) for lang in LANGUAGES},
                    "description": {lang: sentence(rng, words[lang], 10, 18) + "." for lang in LANGUAGES},
                    "order": c,
                },
                "entries": items,
            }
        )
    return categories


def write_pages(project: Path) -> None:
    for language in LANGUAGES:
        (project / "docs" / language).mkdir(parents=True, exist_ok=True)
        (project / "docs" / language / "index.md").write_text(f"# Help ({language})\n", encoding="utf-8")


def write_plugin_project(project: Path, categories: list[dict]) -> None:
    (project / "faq").mkdir(parents=True)
    for category in categories:
        text = yaml.safe_dump(category, allow_unicode=True, sort_keys=False, width=1000)
        (project / "faq" / f"{category['category']['id']}.yml").write_text(text, encoding="utf-8")
    (project / "mkdocs.yml").write_text(MKDOCS_YML.format(plugin="  - helpcenter\n"), encoding="utf-8")
    write_pages(project)


def write_plain_project(project: Path, plugin_project: Path) -> None:
    """The same pages as plain Markdown, rendered once by the same code the plugin uses. The
    related-questions lists are written as the HTML the plugin puts on its pages (a raw HTML
    block, which Markdown passes through), so both builds make the same pages."""
    from helpcenter.content import ContentSettings, load_help_center
    from helpcenter.pages import fill_related, html_text, render_category_page, render_related_html
    from helpcenter.strings import strings_for

    help_center = load_help_center(
        ContentSettings(
            root=plugin_project,
            faq_dir=plugin_project / "faq",
            alerts_file=plugin_project / "x.yml",
            languages=LANGUAGES,
            default_language="ru",
        )
    )
    for language in LANGUAGES:
        strings, _ = strings_for(language, {})
        questions = {entry.id: html_text(entry.question[language]) for entry in help_center.entries}
        for loaded in help_center.categories:
            category_id = loaded.category.id

            def href(entry_id: str, category_id: str = category_id) -> str:
                target = help_center.category_of(entry_id).id
                return f"#{entry_id}" if target == category_id else f"../{target}/#{entry_id}"

            def related_html(entry_id: str, questions: dict = questions, strings: dict = strings) -> str:
                return render_related_html(help_center.entry(entry_id).related, questions, strings, href)

            markdown = render_category_page(
                help_center, loaded, language, "faq", strings, related_placeholders=True
            )
            markdown = fill_related(markdown, related_html)
            page = project / "docs" / language / "faq" / f"{category_id}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(markdown, encoding="utf-8")
    (project / "mkdocs.yml").write_text(MKDOCS_YML.format(plugin=""), encoding="utf-8")
    write_pages(project)


CHILD = """
import resource, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config(sys.argv[1], site_dir=sys.argv[2]))
usage = resource.getrusage(resource.RUSAGE_SELF)
print(usage.ru_maxrss, usage.ru_utime + usage.ru_stime)
"""


def timed_build(project: Path, site: Path) -> tuple[float, float, int]:
    """(seconds, CPU seconds, peak RSS in KiB) of one `mkdocs build` in a fresh Python process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(project / "mkdocs.yml"), str(site)],
        capture_output=True,
        text=True,
        env=env,
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build of {project} failed:\n{result.stderr[-3000:]}")
    peak, cpu = result.stdout.strip().splitlines()[-1].split()
    return elapsed, float(cpu), int(peak)


def count_instructions(projects: dict[str, Path], work: Path) -> dict[str, int]:
    """Instructions executed by one build of each project, counted by cachegrind in parallel."""
    if shutil.which("valgrind") is None:
        sys.exit("--instructions needs valgrind (Debian: apt install valgrind)")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    running = {
        name: subprocess.Popen(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={work / name}.cg"]
            + [sys.executable, "-c", CHILD, str(project / "mkdocs.yml"), str(work / f"site-{name}-cg")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name, project in projects.items()
    }
    counts = {}
    for name, process in running.items():
        _, stderr = process.communicate()
        found = re.search(r"I\s+refs:\s+([\d,]+)", stderr)
        if process.returncode != 0 or found is None:
            sys.exit(f"cachegrind run of {name} failed:\n{stderr[-3000:]}")
        counts[name] = int(found.group(1).replace(",", ""))
    return counts


def check_same_pages(plugin_site: Path, plain_site: Path) -> None:
    """The plain build must render what the plugin's does, or it is cheaper for doing less: each
    category page's related-questions lists link to the same entries in both."""
    related = re.compile(r'<div class="hc-related"[^>]*>(.*?)</div>', re.DOTALL)
    compared = 0
    for page in sorted(plain_site.glob("**/faq/*/index.html")):
        plain_html = page.read_text(encoding="utf-8")
        plugin_html = (plugin_site / page.relative_to(plain_site)).read_text(encoding="utf-8")
        links = [re.findall(r'href="([^"]*)"', block) for block in related.findall(plain_html)]
        if links != [re.findall(r'href="([^"]*)"', block) for block in related.findall(plugin_html)]:
            sys.exit(f"the plain build renders {page.relative_to(plain_site)} differently from the plugin's")
        if "**" in "".join(related.findall(plain_html)):
            sys.exit(f"the plain build leaves Markdown unrendered in {page.relative_to(plain_site)}")
        compared += len(links)
    if not compared:
        sys.exit("no related-questions list found in the plain build's category pages")


def measure(sites: dict[str, Path], runs: int, work: Path) -> list[dict]:
    """Every site once per round, in turn: a machine that gets busier or quieter during the
    benchmark then slows all of them alike, not the one that happened to run last."""
    times: dict[str, list[float]] = {name: [] for name in sites}
    cpu: dict[str, list[float]] = {name: [] for name in sites}
    peaks: dict[str, list[int]] = {name: [] for name in sites}
    for run in range(runs):
        for name, project in sites.items():
            site = work / f"site-{name}-{run}"
            seconds, cpu_seconds, peak = timed_build(project, site)
            if run == 0 and name == "synthetic plain":
                check_same_pages(work / "site-synthetic+plugin-0", site)
            if run > 0 or name == "synthetic plain":
                shutil.rmtree(site, ignore_errors=True)
            times[name].append(seconds)
            cpu[name].append(cpu_seconds)
            peaks[name].append(peak)
            print(f"  {name} {run + 1}/{runs}: {seconds:.2f} s, CPU {cpu_seconds:.2f} s", file=sys.stderr)
    shutil.rmtree(work / "site-reference-0", ignore_errors=True)
    shutil.rmtree(work / "site-synthetic+plugin-0", ignore_errors=True)
    return [
        {
            "name": name,
            "times": times[name],
            "median": statistics.median(times[name]),
            "min": min(times[name]),
            "cpu": statistics.median(cpu[name]),
            "peak_mib": max(peaks[name]) / 1024,
        }
        for name in sites
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="write the synthetic projects here and keep them")
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions with valgrind (cachegrind)"
    )
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="helpcenter-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    plugin_project, plain_project = work / "synthetic-plugin", work / "synthetic-plain"
    for folder in (plugin_project, plain_project):
        shutil.rmtree(folder, ignore_errors=True)
    write_plugin_project(plugin_project, synthetic_content(args.entries))
    write_plain_project(plain_project, plugin_project)

    results = measure(
        {"reference": ROOT, "synthetic+plugin": plugin_project, "synthetic plain": plain_project},
        args.runs,
        work,
    )
    ratio = results[1]["median"] / results[2]["median"]
    print(
        f"\nBuild benchmark: {args.entries} entries x {len(LANGUAGES)} languages, "
        f"median of {args.runs} runs, {os.cpu_count()} CPUs, Python {sys.version.split()[0]}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(f"| {'site':<18} | {'median s':>8} | {'min s':>6} | {'CPU s':>6} | {'peak MiB':>8} |")
    print(f"|{'-' * 20}|{'-' * 10}:|{'-' * 7}:|{'-' * 7}:|{'-' * 9}:|")
    for r in results:
        print(
            f"| {r['name']:<18} | {r['median']:>8.2f} | {r['min']:>6.2f} | {r['cpu']:>6.2f} "
            f"| {r['peak_mib']:>8.0f} |"
        )
    print(f"\nplugin / plain ratio: {ratio:.3f} (target <= 1.15)")
    print(f"plugin / plain ratio of CPU time: {results[1]['cpu'] / results[2]['cpu']:.3f}")
    # The two builds of a round run one after the other, so a slow spell of the machine tends
    # to slow both: the ratio within each round varies less than the medians' ratio.
    rounds = [plugin / plain for plugin, plain in zip(results[1]["times"], results[2]["times"], strict=True)]
    print(
        f"plugin / plain ratio within each round: median {statistics.median(rounds):.3f}, "
        f"range {min(rounds):.3f}-{max(rounds):.3f}"
    )
    print(f"synthetic+plugin median: {results[1]['median']:.2f} s (target <= 10 s)")
    if args.instructions:
        counts = count_instructions({"plugin": plugin_project, "plain": plain_project}, work)
        plugin, plain = counts["plugin"], counts["plain"]
        print(
            f"instructions (cachegrind): plugin {plugin / 1e9:.2f} G, plain {plain / 1e9:.2f} G,"
            f" ratio {plugin / plain:.3f} (target <= 1.15)"
        )
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
