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


def assert_build_refused(project: Path, site: Path, *messages: str) -> None:
    """The build fails, saying each message, with no traceback for an editor to read."""
    result = run_mkdocs_build(project, site)
    assert result.returncode != 0
    for message in messages:
        assert message in result.stderr
    assert "Traceback" not in result.stderr


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
    assert_build_refused(project, tmp_path / "site", "entry 'hostile-entry'", message)


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


@pytest.mark.build
def test_an_attribute_list_handler_in_an_answer_fails_the_build(tmp_path: Path) -> None:
    # attr_list (which entry anchors need) would put it on the paragraph: <p onclick=...>
    project = copy_reference(tmp_path / "project")
    add_entry(project, "Fine?", 'Click here.\n{: onclick="alert(1)" }')
    assert_build_refused(
        project, tmp_path / "site", "entry 'hostile-entry'", "an event handler attribute 'onclick=' in { }"
    )


@pytest.mark.build
def test_a_guide_that_could_run_script_fails_the_build_at_its_line(tmp_path: Path) -> None:
    project = copy_reference(tmp_path / "project")
    guide = project / "docs" / "es" / "guides" / "payment-failed.md"
    lines = guide.read_text(encoding="utf-8").splitlines()
    lines[4:4] = ["Pulse [aquí](javascript:alert(1)).", "", "Texto", '{: onmouseover="alert(2)" }']
    guide.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert_build_refused(
        project,
        tmp_path / "site",
        "docs/es/guides/payment-failed.md:5: the page contains a 'javascript:' link",
        "payment-failed.md:8: the page contains an event handler attribute 'onmouseover='",
    )


@pytest.mark.build
def test_html_that_another_extension_writes_is_caught_in_the_rendered_page(tmp_path: Path) -> None:
    # pymdownx.snippets pastes a file's HTML into the page: the Markdown holds no tag at all.
    project = copy_reference(tmp_path / "project")
    (project / "snippets").mkdir()
    (project / "snippets" / "note.html").write_text('<img src="x" onerror="alert(1)">\n', encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - tables\n", f"  - tables\n  - pymdownx.snippets:\n      base_path: [{project / 'snippets'}]\n"
        ),
        encoding="utf-8",
    )
    guide = project / "docs" / "en" / "guides" / "payment-failed.md"
    guide.write_text(guide.read_text(encoding="utf-8") + '\n--8<-- "note.html"\n', encoding="utf-8")
    assert_build_refused(
        project,
        tmp_path / "site",
        "docs/en/guides/payment-failed.md: the page /en/guides/payment-failed/ renders to HTML",
        "an event handler attribute 'onerror=' on <img>",
    )
