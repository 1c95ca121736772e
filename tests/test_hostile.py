"""Hostile text from an editor: refused when it could run, inert wherever it is shown."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from helpcenter.server import serving
from tests.conftest import copy_reference, run_mkdocs_build
from tests.test_seo import Head

# Allowed by validation (no tag that runs, no handler, no javascript: link), yet every
# character here breaks a page that pastes text without escaping it.
TRICKY_QUESTION = "Why does </script><!-- \"quote\" & \u2028 'end' show?"
TRICKY_ANSWER = "Text with `<script>alert(1)</script>` in code, a < b & c > d, and </script> raw."


def add_entry(project: Path, question: str, answer: str) -> None:
    faq = project / "faq" / "orders.yml"

    def every_language(text: str) -> str:
        return "{" + ", ".join(f"{language}: {json.dumps(text)}" for language in ("ru", "en", "es")) + "}"

    entry = (
        "\n  - id: hostile-entry\n"
        f"    question: {every_language(question)}\n"
        f"    answer: {every_language(answer)}\n"
    )
    faq.write_text(faq.read_text(encoding="utf-8").rstrip() + "\n" + entry, encoding="utf-8")


@pytest.mark.build
@pytest.mark.parametrize(
    ("question", "answer", "message"),
    [
        ("</script><script>alert(1)</script>", "Fine.", "contains a <script> tag"),
        ("Fine?", "<img src=x onerror=alert(1)>", "contains an event handler attribute 'onerror=' on <img>"),
    ],
)
def test_text_that_could_run_fails_the_build(
    tmp_path: Path, question: str, answer: str, message: str
) -> None:
    project = copy_reference(tmp_path / "project")
    add_entry(project, question, answer)
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert "entry 'hostile-entry'" in result.stderr and message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.browser
def test_tricky_text_builds_into_text_that_runs_nothing(browser: Browser, tmp_path: Path) -> None:
    project = copy_reference(tmp_path / "project")
    add_entry(project, TRICKY_QUESTION, TRICKY_ANSWER)
    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr

    head = Head()
    head.feed((site / "en" / "faq" / "orders" / "index.html").read_text(encoding="utf-8"))
    faq_page = next(json.loads(block) for block in head.jsonld if '"FAQPage"' in block)
    one_line = " ".join(TRICKY_QUESTION.split())  # U+2028 is a line break: questions are one line
    assert one_line in [question["name"] for question in faq_page["mainEntity"]]
    api = json.loads((site / "api" / "faq.en.json").read_text(encoding="utf-8"))
    assert TRICKY_QUESTION in [entry["question"] for entry in api["entries"]]

    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        with serving(site) as url:
            page.goto(url + "en/faq/orders/#hostile-entry")
            heading = page.locator("h2#hostile-entry")
            assert heading.inner_text().rstrip("¶").strip() == one_line
            assert "<script>alert(1)</script>" in page.locator("article code").last.inner_text()
            page.wait_for_timeout(300)
    finally:
        context.close()
    assert dialogs == [] and errors == []
