"""Shared fixtures: real MkDocs builds in temporary folders, and small project trees."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from helpcenter.browser import NOT_FOUND, find_chromium, launch_options
from helpcenter.content import ContentSettings, HelpCenter, load_help_center
from helpcenter.server import serving

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"ru": "", "en": "en/", "es": "es/"}  # language -> section prefix, as in mkdocs.yml
REFERENCE_FILES = ("mkdocs.yml", "faq", "docs", "alerts.yml", "overrides", "schema")
# Builds take this moment as "now", so tests do not depend on the day they run. The reference
# alerts.yml has one alert active from 2026 to 2036, one that ended in 2020, one in June 2035.
PINNED_NOW = "2026-11-23T12:00:00+03:00"


def run_mkdocs_build(
    project: Path, site_dir: Path, *extra: str, now: str = PINNED_NOW
) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` in a subprocess, as an editor or CI would run it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "HELPCENTER_NOW": now}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(site_dir),
            *extra,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def copy_reference(destination: Path) -> Path:
    """A copy of the reference help center's sources, safe to modify in a test."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in REFERENCE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name)
        elif source.exists():
            shutil.copy2(source, destination / name)
    return destination


@pytest.fixture(scope="session")
def reference_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reference help center, built once per test session with --strict."""
    site = tmp_path_factory.mktemp("reference") / "site"
    result = run_mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


MINIMAL_MKDOCS_YML = """\
site_name: Test Help
site_url: https://help.test.example/
theme:
  name: material
  language: ru
plugins:
  - search
  - helpcenter
  - i18n:
      docs_structure: folder
      languages:
        - {locale: ru, name: Русский, default: true}
        - {locale: en, name: English}
        - {locale: es, name: Español}
"""

MINIMAL_CATEGORY = """\
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
"""


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """Write a small help center: mkdocs.yml, faq files, alerts and one page per language."""

    def make(
        faq: dict[str, str] | None = None,
        alerts: str | None = None,
        mkdocs_yml: str = MINIMAL_MKDOCS_YML,
        languages: tuple[str, ...] = ("ru", "en", "es"),
    ) -> Path:
        project = tmp_path / "project"
        (project / "faq").mkdir(parents=True, exist_ok=True)
        (project / "mkdocs.yml").write_text(mkdocs_yml, encoding="utf-8")
        for name, text in (faq if faq is not None else {"orders.yml": MINIMAL_CATEGORY}).items():
            (project / "faq" / name).write_text(textwrap.dedent(text), encoding="utf-8")
        if alerts is not None:
            (project / "alerts.yml").write_text(textwrap.dedent(alerts), encoding="utf-8")
        for language in languages:
            page = project / "docs" / language / "index.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(f"# Help ({language})\n", encoding="utf-8")
        return project

    return make


# -- browser -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def help_center() -> HelpCenter:
    """The reference help center's content, loaded once (its models are frozen)."""
    return load_help_center(
        ContentSettings(
            root=ROOT,
            faq_dir=ROOT / "faq",
            alerts_file=ROOT / "alerts.yml",
            languages=list(LANGUAGES),
            default_language="ru",
            docs_dir=ROOT / "docs",
        )
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        pytest.fail(NOT_FOUND)  # a missing browser is a failure of the run, never a skip
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**launch_options(executable))
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def base_url(reference_site: Path) -> Iterator[str]:
    with serving(reference_site) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    yield page
    context.close()
