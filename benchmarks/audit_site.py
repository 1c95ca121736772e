#!/usr/bin/env python3
"""Site audit benchmark: builds the synthetic 1,000-entry × 3-language help center (the one of
benchmarks/build.py) and audits it with `helpcenter audit site`, then the reference site. Prints
pages per second and the peak memory of the audit and of its crawl worker (advertools/Scrapy).

    python benchmarks/audit_site.py [--entries 1000] [--keep DIR]

Each audit runs in a fresh Python process, so its peak memory (RUSAGE_SELF) and its crawl
worker's (RUSAGE_CHILDREN) are its own, not the build's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import LANGUAGES, ROOT, synthetic_content, timed_build, write_plugin_project  # noqa: E402

CHILD = """
import json, resource, sys, time
from pathlib import Path
from helpcenter.audit.site import AuditOptions, audit_site

started = time.perf_counter()
result = audit_site(AuditOptions(site_dir=Path(sys.argv[1]), max_pages=int(sys.argv[2])))
seconds = time.perf_counter() - started
severities = {}
for finding in result.findings:
    severities[finding.severity] = severities.get(finding.severity, 0) + 1
print(json.dumps({
    "seconds": seconds,
    "crawl_seconds": result.crawl_seconds,
    "worker_seconds": result.worker_seconds,
    "pages": sum(1 for page in result.model.pages.values() if page.is_html),
    "urls": result.requested,
    "finish_reason": result.finish_reason,
    "severities": severities,
    "self_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "children_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


def timed_audit(site: Path, max_pages: int) -> dict:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(site), str(max_pages)], capture_output=True, text=True, env=env
    )
    if result.returncode != 0:
        sys.exit(f"audit of {site} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--max-pages", type=int, default=20000)
    parser.add_argument("--keep", type=Path, help="write the synthetic project and sites here and keep them")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="helpcenter-audit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    project, site, reference = work / "synthetic-plugin", work / "site-synthetic", work / "site-reference"
    for folder in (project, site, reference):
        shutil.rmtree(folder, ignore_errors=True)
    write_plugin_project(project, synthetic_content(args.entries))
    build_seconds, _ = timed_build(project, site)
    print(f"  built the synthetic site in {build_seconds:.1f} s", file=sys.stderr)
    timed_build(ROOT, reference)

    results = {}
    for name, folder in (("synthetic", site), ("reference", reference)):
        print(f"  auditing {name} ...", file=sys.stderr)
        results[name] = timed_audit(folder, args.max_pages)

    print(
        f"\nSite audit benchmark: {args.entries} entries x {len(LANGUAGES)} languages, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}"
    )
    header = [
        "site",
        "pages",
        "URLs",
        "audit s",
        "crawl s",
        "pages/s (audit)",
        "pages/s (crawl)",
        "audit MiB",
        "crawl MiB",
        "findings e/w/n",
    ]
    print("| " + " | ".join(header) + " |")
    print("|---|" + "---:|" * (len(header) - 2) + "---|")
    for name, r in results.items():
        counts = "/".join(str(r["severities"].get(s, 0)) for s in ("error", "warning", "notice"))
        cells = [
            name,
            str(r["pages"]),
            str(r["urls"]),
            f"{r['seconds']:.1f}",
            f"{r['crawl_seconds']:.1f}",
            f"{r['pages'] / r['seconds']:.1f}",
            f"{r['urls'] / r['crawl_seconds']:.1f}",
            f"{r['self_kib'] / 1024:.0f}",
            f"{r['children_kib'] / 1024:.0f}",
            counts,
        ]
        print("| " + " | ".join(cells) + " |")
    print(
        "\npages/s (audit): HTML pages audited per second of the whole audit (serve, start the crawl worker,"
    )
    print("crawl, sitemap, checks); pages/s (crawl): URLs per second of Scrapy's crawl itself (crawl s).")
    print("audit MiB: peak RSS of the audit process; crawl MiB: of its crawl worker (advertools, Scrapy).")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
