"""Audit reports in the forms analysts and CI use, from one description of the findings.

- Markdown: a summary fit for a CI job summary or a pull-request comment;
- JSON: everything, machine-readable;
- CSV: the findings table, for a spreadsheet;
- HTML: one self-contained file (no script, no external request) with bar charts drawn as
  inline SVG, so it opens anywhere, offline, and nothing in it can run.

Every string from a crawled page or an uploaded file is untrusted: the HTML escapes it, the
Markdown escapes what would format or link, the CSV neutralizes spreadsheet formulas.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Chart:
    """A horizontal bar chart: one bar per label, longest first as given."""

    title: str
    labels: list[str]
    values: list[float]
    unit: str = ""


@dataclass
class Report:
    title: str
    # key figures, shown first everywhere: ("Pages crawled", "57")
    summary: list[tuple[str, str]]
    columns: list[str]
    rows: list[dict[str, Any]]
    charts: list[Chart] = field(default_factory=list)
    # one line saying whether a threshold was crossed, and which
    verdict: str = ""
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)  # more machine-readable detail for JSON
    # The JSON report's own layout, when the audit documents one (site-audit.json, gaps.json);
    # None: the generic layout (this dataclass as JSON).
    document: dict[str, Any] | None = None


# The report shows untrusted text: it may load nothing and run nothing.
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def markdown_text(value: Any) -> str:
    """A cell or line of untrusted text, inert in Markdown (GitHub renders links and HTML)."""
    text = " ".join(str(value).split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def csv_cell(value: Any) -> Any:
    """Spreadsheets run a cell starting with = + - @ as a formula: prefix it with a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def to_markdown(report: Report, max_rows: int = 50) -> str:
    lines = [f"## {markdown_text(report.title)}", ""]
    if report.verdict:
        lines += [f"**{markdown_text(report.verdict)}**", ""]
    lines += ["| | |", "|---|---|"]
    lines += [f"| {markdown_text(name)} | {markdown_text(value)} |" for name, value in report.summary]
    lines.append("")
    if report.rows:
        lines.append("| " + " | ".join(markdown_text(c) for c in report.columns) + " |")
        lines.append("|" + "---|" * len(report.columns))
        for row in report.rows[:max_rows]:
            lines.append("| " + " | ".join(markdown_text(row.get(c, "")) for c in report.columns) + " |")
        if len(report.rows) > max_rows:
            lines += ["", f"… and {len(report.rows) - max_rows} more rows in the CSV and JSON reports."]
        lines.append("")
    for note in report.notes:
        lines.append(f"- {markdown_text(note)}")
    return "\n".join(lines).rstrip() + "\n"


def to_json(report: Report) -> str:
    if report.document is not None:
        document = {
            **report.document,
            "notes": report.notes,
            "charts": [asdict(chart) for chart in report.charts],
        }
        return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"
    document = asdict(report)
    document["summary"] = dict(report.summary)
    return json.dumps(document, ensure_ascii=False, indent=2, default=str) + "\n"


def to_csv(report: Report) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=report.columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in report.rows:
        writer.writerow({c: csv_cell(row.get(c, "")) for c in report.columns})
    return buffer.getvalue()


def bar_chart_svg(chart: Chart, width: int = 640) -> str:
    """A chart as inline SVG: labels left, bars right, values at the end of each bar."""
    bar_height, gap, label_width = 18, 6, 220
    count = len(chart.labels)
    height = 28 + count * (bar_height + gap)
    top = max(chart.values, default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="{html.escape(chart.title)}" viewBox="0 0 {width} {height}">',
        f'<text x="0" y="16" font-weight="bold" font-size="14">{html.escape(chart.title)}</text>',
    ]
    for index, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        y = 28 + index * (bar_height + gap)
        bar = max(1.0, (width - label_width - 80) * value / top)
        short = label if len(label) <= 32 else label[:31] + "…"
        number = f"{value:g}{chart.unit}"
        parts += [
            f'<text x="0" y="{y + 13}" font-size="12"><title>{html.escape(label)}</title>'
            f"{html.escape(short)}</text>",
            f'<rect x="{label_width}" y="{y}" width="{bar:.1f}" height="{bar_height}" fill="#3f51b5"/>',
            f'<text x="{label_width + bar + 6:.1f}" y="{y + 13}" font-size="12">{html.escape(number)}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def to_html(report: Report, max_rows: int = 2000) -> str:
    e = html.escape
    summary = "".join(
        f"<tr><th scope='row'>{e(str(k))}</th><td>{e(str(v))}</td></tr>" for k, v in report.summary
    )
    head = "".join(f"<th scope='col'>{e(c)}</th>" for c in report.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{e(str(row.get(c, '')))}</td>" for c in report.columns) + "</tr>"
        for row in report.rows[:max_rows]
    )
    charts = "".join(f"<figure>{bar_chart_svg(chart)}</figure>" for chart in report.charts)
    notes = "".join(f"<li>{e(note)}</li>" for note in report.notes)
    verdict = f"<p class='verdict'>{e(report.verdict)}</p>" if report.verdict else ""
    more = (
        f"<p>{len(report.rows) - max_rows} more rows in the CSV and JSON reports.</p>"
        if len(report.rows) > max_rows
        else ""
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">
<title>{e(report.title)}</title>
<style>
body {{ font: 15px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; }}
table {{ border-collapse: collapse; margin: 1rem 0; width: 100%; }}
th, td {{ border: 1px solid #ccc; padding: .3rem .5rem; text-align: left; vertical-align: top; }}
.verdict {{ font-weight: bold; font-size: 1.1rem; }}
figure {{ margin: 1.5rem 0; overflow-x: auto; }}
</style>
</head>
<body>
<h1>{e(report.title)}</h1>
{verdict}
<table class="summary">{summary}</table>
{charts}
<table class="findings"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>
{more}
<ul>{notes}</ul>
</body>
</html>
"""


def write_report(report: Report, out_dir: Path, stem: str) -> dict[str, Path]:
    """`<stem>.md`, `.json`, `.csv` and `.html` in `out_dir`; returns the paths by format."""
    out_dir.mkdir(parents=True, exist_ok=True)
    outputs = {
        "md": to_markdown(report),
        "json": to_json(report),
        "csv": to_csv(report),
        "html": to_html(report),
    }
    paths = {}
    for extension, text in outputs.items():
        path = out_dir / f"{stem}.{extension}"
        path.write_text(text, encoding="utf-8")
        paths[extension] = path
    return paths
