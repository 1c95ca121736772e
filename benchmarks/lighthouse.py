#!/usr/bin/env python3
"""Lighthouse benchmark: Performance, Accessibility, Best Practices and SEO of the reference
help center, per page and language, with the failing audits under the table.

    python benchmarks/lighthouse.py [--site DIR] [--build] [--mobile|--desktop] [--runs N] [--json OUT]

Without --site it builds the reference site (mkdocs build --strict, HELPCENTER_NOW pinned so
the alerts are always the same) into a temporary folder; --site DIR audits an existing build,
--site DIR --build rebuilds into DIR first. The pinned Lighthouse (benchmarks/package.json) is
installed with `npm ci --prefix benchmarks` when benchmarks/node_modules is missing. The site is
served on 127.0.0.1 the way production serves it (each language's own 404), and Lighthouse runs
one page at a time against a headless Chromium, mobile emulation by default.

Performance varies from run to run, most with what else the machine is doing (the load average
is printed): --runs N audits each page N times and reports its median run, as Lighthouse
advises, with the range of Performance scores and the metrics that make it up.

It prints figures, it is not a test: the exit status is 0 unless nothing could be audited.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"
LIGHTHOUSE = BENCHMARKS / "node_modules" / ".bin" / "lighthouse"
NOW = "2026-11-23T12:00:00+03:00"

try:
    from helpcenter.browser import find_chromium
    from helpcenter.server import serving
except ImportError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT / "src"))
    from helpcenter.browser import find_chromium
    from helpcenter.server import serving

CATEGORIES = [
    ("performance", "Performance"),
    ("accessibility", "Accessibility"),
    ("best-practices", "Best Practices"),
    ("seo", "SEO"),
]
# Page label, path under a language's root.
PAGES = [
    ("home", ""),
    ("FAQ", "faq/orders/"),
    ("guide", "guides/track-a-delayed-parcel/"),
    ("contact", "contact/"),
    ("status", "status/"),
]
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Audits that say nothing is wrong, or that a person must check: never "failing".
NOT_SCORED = {"notApplicable", "informative", "manual", "error"}
STDERR_TAIL = 15
ANSI = re.compile(r"\x1b\[[0-9;]*m")
EXAMPLES = 3  # offending elements or messages shown per failing audit
PASS_THRESHOLD = 0.9  # Lighthouse's report shows an audit scoring at least this as passed
# The metrics Performance is computed from: audit id, label, unit.
METRICS = [
    ("first-contentful-paint", "FCP", "ms"),
    ("largest-contentful-paint", "LCP", "ms"),
    ("total-blocking-time", "TBT", "ms"),
    ("cumulative-layout-shift", "CLS", ""),
    ("speed-index", "SI", "ms"),
]


@dataclass
class Run:
    page: str
    path: str  # URL path from the site root, e.g. en/faq/orders/
    language: str
    scores: dict[str, int | None] = field(default_factory=dict)
    metrics: dict[str, float] = field(default_factory=dict)  # label (FCP, …) -> value
    performance_range: tuple[int, int] | None = None  # lowest and highest of several runs
    failing: dict[str, list[dict]] = field(default_factory=dict)  # category id -> audits
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def languages() -> list[tuple[str, str]]:
    """(locale, URL prefix) from the i18n plugin of mkdocs.yml; the default language is at the root."""

    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold !ENV or !!python/name tags; their values do not matter here.
    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader) or {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            found = [
                (lang["locale"], "" if lang.get("default") else f"{lang['locale']}/")
                for lang in (plugin["i18n"] or {}).get("languages") or []
                if lang.get("build", True)
            ]
            if found:
                return sorted(found, key=lambda item: item[1] != "")
    return [("ru", ""), ("en", "en/"), ("es", "es/")]


def build_site(site_dir: Path) -> None:
    env = {**os.environ, "HELPCENTER_NOW": NOW, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site_dir)]
    log(f"Building the reference site into {site_dir} (HELPCENTER_NOW={NOW}) …")
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-STDERR_TAIL:])
        raise SystemExit(f"mkdocs build --strict failed (exit {result.returncode}):\n{tail}")
    log(f"  built in {time.monotonic() - started:.1f} s")


def ensure_lighthouse() -> str:
    """The pinned Lighthouse's version, installing it with `npm ci` when node_modules is missing."""
    if not LIGHTHOUSE.exists():
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm not found: install Node.js (≥ 18.16) to run Lighthouse")
        log("Installing the pinned Lighthouse: npm ci --prefix benchmarks …")
        result = subprocess.run(
            [npm, "ci", "--prefix", "benchmarks", "--no-audit", "--no-fund"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if result.returncode != 0 or not LIGHTHOUSE.exists():
            # npm puts the reason first and its usage text after it: show the start.
            lines = [line for line in result.stderr.splitlines() if line.strip() and "npm warn" not in line]
            head = "\n".join(lines[:STDERR_TAIL])
            raise SystemExit(f"npm ci --prefix benchmarks failed (exit {result.returncode}):\n{head}")
    result = subprocess.run([str(LIGHTHOUSE), "--version"], capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"{LIGHTHOUSE} does not run:\n{result.stderr.strip()}")
    return result.stdout.strip()


def chrome_path() -> str:
    configured = os.environ.get("CHROME_PATH")
    if configured and Path(configured).is_file():
        return configured
    found = find_chromium() or ("/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None)
    if not found:
        raise SystemExit("No Chromium found: set CHROME_PATH or HELPCENTER_CHROMIUM to a Chromium executable")
    return found


def http_status(url: str) -> int | str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError as error:
        return str(error)


def shorten(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def example(item: dict, base_url: str) -> str | None:
    """One offending element, link or message of an audit's details, in a line."""
    node = item.get("node") or (item.get("source") if isinstance(item.get("source"), dict) else None)
    if node and node.get("snippet"):
        text = node["snippet"]
        label = node.get("nodeLabel")
        if label and label != node.get("selector"):
            text += f" “{label}”"
        reasons = [
            sub.get("reason") for sub in (item.get("subItems") or {}).get("items", []) if sub.get("reason")
        ]
        if reasons:
            text += f" — {reasons[0]}"
    elif item.get("description") and "sourceLocation" in item:  # a console message
        location = (item.get("sourceLocation") or {}).get("url", "")
        text = f"{item['description']} {location}".strip()
    elif item.get("href") is not None:
        text = f"“{item.get('text', '')}” → {item['href']}"
    elif isinstance(item.get("url"), str):
        text = item["url"]
    else:
        return None
    return shorten(text.replace(base_url, "/"))


def failing_audits(report: dict, category: dict, base_url: str) -> list[dict]:
    """Audits of a category below a full score, those that cost points first, with examples."""
    audits = report["audits"]
    found = []
    for ref in category["auditRefs"]:
        audit = audits.get(ref["id"])
        if audit is None or audit.get("scoreDisplayMode") in NOT_SCORED:
            continue
        score = audit.get("score")
        if score is None or score >= 1:
            continue
        if not ref.get("weight") and score >= PASS_THRESHOLD:
            continue  # a diagnostic that costs no points and that Lighthouse itself shows as passed
        items = (audit.get("details") or {}).get("items") or []
        examples = [
            text for text in (example(item, base_url) for item in items if isinstance(item, dict)) if text
        ]
        found.append(
            {
                "id": ref["id"],
                "title": audit.get("title", ""),
                "score": score,
                "numeric": audit.get("scoreDisplayMode") == "numeric",
                "weight": ref.get("weight", 0),
                "display_value": audit.get("displayValue", ""),
                "examples": list(dict.fromkeys(examples))[:EXAMPLES],
            }
        )
    found.sort(key=lambda audit: (-audit["weight"], audit["score"], audit["id"]))
    return found


def descendants(pid: int) -> list[int]:
    """Processes below `pid` (Linux /proc; elsewhere none are found)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, queue = [], [pid]
    while queue:
        below = children.get(queue.pop(), [])
        found += below
        queue += below
    return found


def stop(process: subprocess.Popen) -> str:
    """Kill a Lighthouse run and the Chromium it launched, and remove that Chromium's profile.

    chrome-launcher starts Chromium detached, in a process group of its own, so killing
    Lighthouse's group alone would leave the browser running. Returns Lighthouse's stderr."""
    profiles = []
    for pid in descendants(process.pid):
        try:
            arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            os.killpg(os.getpgid(pid), signal.SIGKILL)
        except (OSError, ProcessLookupError):
            continue
        profiles += [
            Path(argument.decode().split("=", 1)[1])
            for argument in arguments
            if argument.startswith(b"--user-data-dir=") and b"/lighthouse." in argument
        ]
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    _, stderr = process.communicate()
    time.sleep(0.5)  # let the killed browser release its profile
    for profile in set(profiles):
        shutil.rmtree(profile, ignore_errors=True)
    return stderr or ""


def run_lighthouse(
    run: Run, base_url: str, chrome: str, desktop: bool, timeout: float, reports: Path, name: str = ""
) -> None:
    url = base_url + run.path
    out = reports / f"{run.language}-{run.page}{name}.json"
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(category for category, _ in CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        "--disable-full-page-screenshot",
    ]
    if desktop:
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": chrome}
    started = time.monotonic()
    # A session of its own: Ctrl-C is handled here, and stop() ends the run and its Chromium.
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        stderr = stop(process)
        run.error = f"timed out after {timeout:.0f} s"
    except BaseException:  # Ctrl-C: the run's own session does not get it, so end it here
        stop(process)
        raise
    run.seconds = time.monotonic() - started
    if run.error is None and process.returncode != 0:
        run.error = f"lighthouse exited with {process.returncode}"
    if run.error is None:
        try:
            report = json.loads(out.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            run.error = f"no readable report: {error}"
    if run.error is not None:
        lines = ANSI.sub("", stderr or "").strip().splitlines()[-STDERR_TAIL:]
        tail = "\n".join("    " + line for line in lines)
        log(f"  FAILED: {run.error}\n{tail}")
        return
    runtime_error = report.get("runtimeError")
    if runtime_error:
        run.error = f"{runtime_error.get('code')}: {runtime_error.get('message', '')}"
    run.warnings = [str(warning) for warning in report.get("runWarnings") or []]
    for audit_id, label, _ in METRICS:
        value = (report["audits"].get(audit_id) or {}).get("numericValue")
        if value is not None:
            run.metrics[label] = value
    for category_id, _ in CATEGORIES:
        category = report["categories"].get(category_id)
        score = None if category is None or category.get("score") is None else round(category["score"] * 100)
        run.scores[category_id] = score
        if score is not None and score < 100:
            run.failing[category_id] = failing_audits(report, category, base_url)
    if run.error is None and all(score is None for score in run.scores.values()):
        run.error = "no category scored"


def median_run(attempts: list[Run]) -> Run:
    """The run with the median Performance score (the lower middle one of an even number), its
    metrics with it, so that one slow or fast run does not decide the figures."""
    scored = [run for run in attempts if run.scores.get("performance") is not None]
    if not scored:
        return attempts[-1]
    scored.sort(key=lambda run: run.scores["performance"])
    chosen = scored[(len(scored) - 1) // 2]
    if len(scored) > 1:
        chosen.performance_range = (scored[0].scores["performance"], scored[-1].scores["performance"])
    return chosen


def metric_text(label: str, value: float) -> str:
    unit = next(unit for _, name, unit in METRICS if name == label)
    if label == "CLS":
        return f"{value:.3f}"
    return f"{value / 1000:.2f} s" if unit == "ms" and label != "TBT" else f"{value:.0f} ms"


def metrics_table(runs: list[Run]) -> str:
    """Performance with the metrics it is computed from, and its range over several runs."""
    shown = [run for run in runs if run.metrics]
    if not shown:
        return ""
    labels = [label for _, label, _ in METRICS]
    lines = [
        "\nPerformance metrics"
        + (
            " (the median run; Performance range over the runs)"
            if any(r.performance_range for r in shown)
            else ""
        )
        + ":\n",
        "| Page | Language | Performance | " + " | ".join(labels) + " |",
        "|---|---|---:|" + "---:|" * len(labels),
    ]
    for run in shown:
        score = str(run.scores.get("performance"))
        if run.performance_range and run.performance_range[0] != run.performance_range[1]:
            score += f" ({run.performance_range[0]}–{run.performance_range[1]})"
        cells = [metric_text(label, run.metrics[label]) if label in run.metrics else "—" for label in labels]
        lines.append(f"| {run.page} (`/{run.path}`) | {run.language} | {score} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def load_average() -> str:
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:  # not on this platform
        return "unknown"


def markdown(runs: list[Run]) -> str:
    lines = [
        "| Page | Language | " + " | ".join(title for _, title in CATEGORIES) + " |",
        "|---|---|" + "---:|" * len(CATEGORIES),
    ]
    for run in runs:
        page = f"{run.page} (`/{run.path}`)"
        if run.error and not any(score is not None for score in run.scores.values()):
            cells = ["—"] * len(CATEGORIES)
            cells[-1] += f" **failed: {run.error}**"
        else:
            cells = ["—" if run.scores.get(c) is None else str(run.scores[c]) for c, _ in CATEGORIES]
            if run.error:
                cells[-1] += f" **({run.error})**"
        lines.append(f"| {page} | {run.language} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def failing_section(runs: list[Run]) -> str:
    """Each failing audit once per category, with the pages where it fails and a few examples."""
    lines: list[str] = []
    for category_id, title in CATEGORIES:
        below = [run for run in runs if run.scores.get(category_id) not in (None, 100)]
        if not below:
            continue
        lines += ["", f"**{title}** — below 100 on {len(below)} of {len(runs)} pages"]
        unexplained = [f"/{run.path}" for run in below if not run.failing.get(category_id)]
        if unexplained:
            lines.append(f"- (no audit below a full score: rounding) — {', '.join(unexplained)}")
        audits: dict[str, dict] = {}
        for run in below:
            for audit in run.failing.get(category_id, []):
                entry = audits.setdefault(audit["id"], {**audit, "where": [], "examples": []})
                values = [audit["display_value"]] if audit["display_value"] else []
                if audit["numeric"] and audit["weight"]:
                    values.append(f"score {audit['score']:.2f}")
                entry["where"].append((f"/{run.path}", ", ".join(values)))
                for text in audit["examples"]:
                    if text not in entry["examples"] and len(entry["examples"]) < EXAMPLES:
                        entry["examples"].append(text)
        for audit_id, entry in sorted(audits.items(), key=lambda item: (-item[1]["weight"], item[0])):
            weight = f"weight {entry['weight']}" if entry["weight"] else "diagnostic, no weight"
            details = {detail for _, detail in entry["where"]}
            everywhere = len(entry["where"]) == len(runs)
            if len(details) == 1:  # the same on every page where it fails
                detail = details.pop()
                pages = f"all {len(runs)} pages" if everywhere else ", ".join(p for p, _ in entry["where"])
                where = pages + (f" ({detail})" if detail else "")
            elif entry["weight"]:  # a metric: its value on each page
                where = "; ".join(f"{path} ({detail})" if detail else path for path, detail in entry["where"])
            else:  # a diagnostic: where, and one value for scale
                path, detail = next((p, d) for p, d in entry["where"] if d)
                pages = f"all {len(runs)} pages" if everywhere else ", ".join(p for p, _ in entry["where"])
                where = f"{pages} (e.g. {detail} on {path})"
            lines.append(f"- `{audit_id}` — {entry['title']} [{weight}]: {where}")
            lines += [f"    - e.g. `{text}`" for text in entry["examples"]]
    if not runs:
        return ""
    if not lines:
        return "\nEvery score is 100: no failing audits."
    return "\nFailing audits (for every score below 100):" + "\n".join(lines)


def warnings_section(runs: list[Run]) -> str:
    lines = [f"- /{run.path}: {warning}" for run in runs for warning in run.warnings]
    return ("\nLighthouse warnings:\n" + "\n".join(lines)) if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--site", type=Path, metavar="DIR", help="audit this built site instead of building one"
    )
    parser.add_argument(
        "--build", action="store_true", help="with --site: build the reference site into DIR first"
    )
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--mobile", dest="desktop", action="store_false", help="mobile emulation (default)")
    form.add_argument("--desktop", dest="desktop", action="store_true", help="Lighthouse's desktop preset")
    parser.set_defaults(desktop=False)  # both flags share the destination: mobile unless --desktop
    parser.add_argument(
        "--json", type=Path, metavar="OUT", help="also write the scores and failing audits here"
    )
    parser.add_argument("--timeout", type=float, default=180, help="seconds allowed per Lighthouse run (180)")
    parser.add_argument(
        "--runs", type=int, default=1, metavar="N", help="audit each page N times, report the median run (1)"
    )
    parser.add_argument(
        "--reports", type=Path, metavar="DIR", help="keep Lighthouse's full JSON reports here"
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    started = time.monotonic()
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="helpcenter-lighthouse-") as temp:
        work = Path(temp)
        if args.site is None:
            site_dir = work / "site"
            build_site(site_dir)
        else:
            site_dir = args.site.resolve()
            if args.build:
                build_site(site_dir)
        version = ensure_lighthouse()
        chrome = chrome_path()
        form_factor = "desktop" if args.desktop else "mobile"
        log(f"Lighthouse {version}, {form_factor}, Chromium {chrome}")

        reports = work / "reports"
        if args.reports:
            reports = args.reports.resolve()
        reports.mkdir(parents=True, exist_ok=True)
        runs: list[Run] = []
        with serving(site_dir) as base_url:
            for language, prefix in languages():
                for page, path in PAGES:
                    url = base_url + prefix + path
                    log(f"[{len(runs) + 1}] {url}")
                    status = http_status(url)
                    if status != 200:
                        runs.append(
                            Run(page=page, path=prefix + path, language=language, error=f"HTTP {status}")
                        )
                        log(f"  skipped: HTTP {status}")
                        continue
                    attempts = []
                    for attempt in range(args.runs):
                        run = Run(page=page, path=prefix + path, language=language)
                        name = f"-{attempt + 1}" if args.runs > 1 else ""
                        run_lighthouse(run, base_url, chrome, args.desktop, args.timeout, reports, name)
                        attempts.append(run)
                        if run.scores:
                            scores = " ".join(f"{c}={run.scores[c]}" for c, _ in CATEGORIES)
                            metrics = " ".join(
                                f"{label}={metric_text(label, v)}" for label, v in run.metrics.items()
                            )
                            log(
                                f"  {run.seconds:.0f} s  {scores}  {metrics}"
                                + (f"  ({run.error})" if run.error else "")
                            )
                    runs.append(median_run(attempts))

    elapsed = time.monotonic() - started
    audited = [run for run in runs if any(score is not None for score in run.scores.values())]
    emulation = "desktop preset" if args.desktop else "Lighthouse's default mobile emulation"
    source = site_dir if args.site else "a fresh build of the reference site"
    each = f", median of {args.runs} runs per page" if args.runs > 1 else ""
    print(f"Lighthouse {version}, {emulation}{each}, {source}")
    print(f"Load average (1, 5, 15 min): {load_before} at the start, {load_average()} at the end\n")
    print(markdown(runs))
    for section in (metrics_table(audited), failing_section(audited), warnings_section(runs)):
        if section:
            print(section)
    minutes, seconds = divmod(round(elapsed), 60)
    print(f"\n{len(audited)} of {len(runs)} pages audited; the whole run took {minutes} min {seconds} s.")

    if args.json:
        summary = {
            "lighthouse": version,
            "form_factor": form_factor,
            "seconds": round(elapsed, 1),
            "runs_per_page": args.runs,
            "load_average": {"start": load_before, "end": load_average()},
            "pages": [
                {
                    "page": run.page,
                    "path": "/" + run.path,
                    "language": run.language,
                    "scores": run.scores,
                    "metrics": {label: round(value, 3) for label, value in run.metrics.items()},
                    "performance_range": list(run.performance_range) if run.performance_range else None,
                    "failing_audits": run.failing,
                    "warnings": run.warnings,
                    "error": run.error,
                    "seconds": round(run.seconds, 1),
                }
                for run in runs
            ],
        }
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0 if audited else 1


if __name__ == "__main__":
    sys.exit(main())
