"""The `helpcenter` command as editors and CI run it."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from helpcenter.cli import main
from tests.conftest import MINIMAL_CATEGORY, ROOT


def test_check_passes_on_the_reference_content() -> None:
    result = CliRunner().invoke(main, ["check", "-f", str(ROOT / "mkdocs.yml"), "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("OK: 8 categories, 48 entries, 3 alerts, ")
    assert result.output.splitlines()[-1].endswith(" in ru, en, es")


def test_check_reports_every_problem_and_exits_1(make_project) -> None:
    broken = MINIMAL_CATEGORY.replace("id: where-is-my-order", "id: Where_Is").replace(
        "      es: Abre", "      de: Abre"
    )
    project = make_project(faq={"orders.yml": broken})
    result = CliRunner().invoke(main, ["check", "-f", str(project / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    assert (
        "faq/orders.yml:6: entry 'Where_Is': id 'Where_Is' is not a valid id — use lowercase letters, digits "
        "and hyphens, like 'where-is-my-order'" in lines
    )
    assert "Error: 1 error — fix them and run again" in lines


def test_check_without_mkdocs_yml_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1
    assert "mkdocs.yml: no such file — run this in the help center's folder or pass -f" in result.output


def test_schema_check_detects_drift(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["schema", "--check", "--output-dir", str(ROOT / "schema")]).exit_code == 0
    result = runner.invoke(main, ["schema", "--check", "--output-dir", str(tmp_path)])
    assert result.exit_code == 1 and "run 'helpcenter schema' and commit the result" in result.output
    assert runner.invoke(main, ["schema", "--output-dir", str(tmp_path)]).exit_code == 0
    assert runner.invoke(main, ["schema", "--check", "--output-dir", str(tmp_path)]).exit_code == 0


# -- new-entry and new-alert ----------------------------------------------------------------------

ENTRY_SKELETON = """\

  - id: track-by-sms
    question:  # as a customer would ask it
      ru: ""
      en: ""
      es: ""
    answer:  # Markdown; for several lines write `ru: |`, the text indented below
      ru: ""
      en: ""
      es: ""
    keywords: {ru: [], en: [], es: []}  # other words customers use for it, for the search
    call_reasons: []  # codes from call_reasons.yml that this answers, like [order-status]
    related: []  # ids of other entries, like [where-is-my-order]
    reviewed: 2026-11-23
"""


def _reference_copy(tmp_path: Path) -> Path:
    from tests.conftest import copy_reference

    project = copy_reference(tmp_path / "help")
    shutil.copy2(ROOT / "call_reasons.yml", project / "call_reasons.yml")
    return project


def test_new_entry_appends_a_skeleton_that_check_asks_to_fill_in(tmp_path: Path) -> None:
    project = _reference_copy(tmp_path)
    orders = project / "faq" / "orders.yml"
    before = orders.read_text(encoding="utf-8")
    runner = CliRunner()
    args = ["-f", str(project / "mkdocs.yml"), "--today", "2026-11-23"]
    result = runner.invoke(main, ["new-entry", "orders", "track-by-sms", *args])
    assert result.exit_code == 0, result.output
    first = before.count("\n") + 2
    assert result.output == (
        f"Added entry 'track-by-sms' to faq/orders.yml:{first}. Write its question and answer in ru, en, es, "
        "then run: helpcenter check\n"
    )
    # Appended as text: every comment, blank line and quote of the file is kept.
    assert orders.read_text(encoding="utf-8") == before + ENTRY_SKELETON

    check = runner.invoke(main, ["check", *args])
    assert check.exit_code == 1
    fallback = " or set translation_fallback: true for the helpcenter plugin in mkdocs.yml"
    assert [line for line in check.output.splitlines() if line.startswith("faq/")] == [
        f"faq/orders.yml:{first + 2}: entry 'track-by-sms': 'ru' question is empty — add the Russian "
        "question",
        f"faq/orders.yml:{first + 3}: entry 'track-by-sms': 'en' question is empty — add the English question"
        + fallback,
        f"faq/orders.yml:{first + 4}: entry 'track-by-sms': 'es' question is empty — add the Spanish question"
        + fallback,
        f"faq/orders.yml:{first + 6}: entry 'track-by-sms': 'ru' answer is empty — add the Russian answer",
        f"faq/orders.yml:{first + 7}: entry 'track-by-sms': 'en' answer is empty — add the English answer"
        + fallback,
        f"faq/orders.yml:{first + 8}: entry 'track-by-sms': 'es' answer is empty — add the Spanish answer"
        + fallback,
    ]
    assert check.output.splitlines()[-1] == "Error: 6 errors — fix them and run again"

    # Filled in, it passes every check.
    texts = {
        "question": [
            "Можно ли следить за заказом по SMS?",
            "Can I follow my order by SMS?",
            "¿Puedo seguir mi pedido por SMS?",
        ],
        "answer": [
            "Да, SMS приходит при каждой смене статуса.",
            "Yes, an SMS comes at each status change.",
            "Sí, llega un SMS con cada cambio de estado.",
        ],
    }
    text = orders.read_text(encoding="utf-8")
    head, tail = text[: len(before)], text[len(before) :]
    for field, values in texts.items():
        block = tail.split(f"    {field}:", 1)
        for language, value in zip(("ru", "en", "es"), values, strict=True):
            block[1] = block[1].replace(f'{language}: ""', f'{language}: "{value}"', 1)
        tail = f"    {field}:".join(block)
    orders.write_text(head + tail, encoding="utf-8")
    passed = runner.invoke(main, ["check", *args])
    assert passed.exit_code == 0, passed.output
    assert passed.output.splitlines()[-1].startswith("OK: 8 categories, 49 entries, ")


def test_new_entry_refuses_an_unknown_category_and_a_used_id(tmp_path: Path) -> None:
    project = _reference_copy(tmp_path)
    runner = CliRunner()
    config = ["-f", str(project / "mkdocs.yml")]
    unknown = runner.invoke(main, ["new-entry", "order", "x", *config])
    assert unknown.exit_code == 1
    assert unknown.output == (
        "Error: no category 'order' in faq/ (did you mean 'orders'?) — the categories are account, app, "
        "delivery, orders, payments, pickup-points, returns, support; for a new one, copy a file there and "
        "change its 'category:' part\n"
    )
    used = runner.invoke(main, ["new-entry", "delivery", "where-is-my-order", *config])
    assert used.exit_code == 1
    assert used.output == (
        "Error: entry id 'where-is-my-order' is already used at faq/orders.yml:11 — choose another id "
        "(ids are unique across all of faq/)\n"
    )
    bad = runner.invoke(main, ["new-entry", "orders", "Track_By_SMS", *config])
    assert bad.output == (
        "Error: 'Track_By_SMS' is not a valid entry id — use lowercase letters, digits and hyphens, like "
        "'where-is-my-order'\n"
    )


def test_new_entry_keeps_what_follows_the_entries(make_project) -> None:
    text = MINIMAL_CATEGORY.replace("entries:\n", "# the entries\nentries:  # keep this\n") + (
        "\n# a comment about the end of the file\n"
    )
    project = make_project(faq={"orders.yml": text})
    result = CliRunner().invoke(
        main, ["new-entry", "orders", "second", "-f", str(project / "mkdocs.yml"), "--today", "2026-11-23"]
    )
    assert result.exit_code == 0, result.output
    written = (project / "faq" / "orders.yml").read_text(encoding="utf-8")
    assert written.startswith(text)
    assert written[len(text) :].startswith("  - id: second\n")


ALERT_SKELETON = """\

  - id: strike
    severity: critical  # info, warning or critical
    text:  # one line in each language; inline Markdown only
      ru: ""
      en: ""
      es: ""
    link: where-is-my-order
    starts: 2026-11-24T09:00:00+03:00  # with the timezone, like +03:00 for Moscow
    ends: 2026-12-01T09:00:00+03:00  # optional: without it the alert shows until removed
"""


def test_new_alert_appends_a_skeleton(tmp_path: Path) -> None:
    project = _reference_copy(tmp_path)
    alerts = project / "alerts.yml"
    before = alerts.read_text(encoding="utf-8")
    runner = CliRunner()
    config = ["-f", str(project / "mkdocs.yml")]
    result = runner.invoke(
        main,
        ["new-alert", "strike", "--severity", "critical", "--starts", "2026-11-24T09:00:00+03:00"]
        + ["--link", "where-is-my-order", *config],
    )
    assert result.exit_code == 0, result.output
    assert alerts.read_text(encoding="utf-8") == before + ALERT_SKELETON
    check = runner.invoke(main, ["check", *config, "--today", "2026-11-23"])
    assert [
        line.split(": ", 2)[1] for line in check.output.splitlines() if line.startswith("alerts.yml")
    ] == ["alert 'strike'"] * 3
    again = runner.invoke(main, ["new-alert", "strike", *config])
    assert again.output.startswith("Error: alert id 'strike' is already used at alerts.yml:")


def test_new_alert_creates_alerts_yml_and_fills_an_empty_list(make_project) -> None:
    project = make_project()
    runner = CliRunner()
    config = ["-f", str(project / "mkdocs.yml")]
    created = runner.invoke(
        main, ["new-alert", "first", "--starts", "2026-11-24T09:00:00Z", "--no-end", *config]
    )
    assert created.exit_code == 0, created.output
    assert (project / "alerts.yml").read_text(encoding="utf-8") == (
        "# yaml-language-server: $schema=schema/alerts.schema.json\n"
        "# Banner alerts: shown on every page between starts and ends (times need a timezone).\n"
        "alerts:\n"
        "  - id: first\n"
        "    severity: warning  # info, warning or critical\n"
        "    text:  # one line in each language; inline Markdown only\n"
        '      ru: ""\n      en: ""\n      es: ""\n'
        "    # link: where-is-my-order  # optional: an FAQ entry id or a page like contact.md\n"
        "    starts: 2026-11-24T09:00:00+00:00  # with the timezone, like +03:00 for Moscow\n"
    )
    (project / "alerts.yml").write_text("alerts: []  # none yet\n", encoding="utf-8")
    filled = runner.invoke(main, ["new-alert", "second", "--starts", "2026-11-24T09:00:00+03:00", *config])
    assert filled.exit_code == 0, filled.output
    written = (project / "alerts.yml").read_text(encoding="utf-8")
    assert written.startswith("alerts:  # none yet\n  - id: second\n")
    wrong = runner.invoke(main, ["new-alert", "third", "--starts", "tomorrow", *config])
    assert wrong.output == (
        "Error: --starts/--ends 'tomorrow' is not a date and time — write it like 2026-11-20T09:00:00+03:00\n"
    )
