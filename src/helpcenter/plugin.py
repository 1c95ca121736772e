"""The `helpcenter` MkDocs plugin: FAQ pages from YAML, in every language, with i18n.

How it works with mkdocs-static-i18n (which builds the site once per language and runs all
our hooks again each time): `on_files` adds one *virtual* page per category per language,
`<lang>/faq/<category>.md`, inside docs_dir, before i18n sorts the files. i18n then treats
them exactly like pages on disk: it picks the current language's copy, computes the
alternates for the language switcher and the sitemap, and places it at `/`, `/en/`, `/es/`.
Because i18n re-creates every File from its path (losing content we attach), a second
`on_files` after i18n gives the surviving files their generated Markdown. Nothing is written
into docs_dir, so `mkdocs serve` cannot loop on its own output.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
import logging
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from helpcenter import alerts as timeline
from helpcenter import feeds, pages, safety, search, sitemap, structured
from helpcenter.config import HelpCenterConfig
from helpcenter.content import ContentSettings, HelpCenter, load_help_center
from helpcenter.problems import ContentError, Problem, display_path
from helpcenter.strings import strings_for

if TYPE_CHECKING:  # mkdocs.livereload (watchdog, http.server) is not needed to build
    from mkdocs.livereload import LiveReloadServer

log = logging.getLogger("mkdocs.plugins.helpcenter")

TEMPLATES_DIR = Path(__file__).parent / "templates"


class OwnTemplatesCache(BytecodeCache):
    """The plugin's templates compiled once per process rather than once per language build:
    i18n gives each language a new Jinja environment, which would compile them again.
    A template whose source changed (`mkdocs serve`) is compiled anew: the cache is keyed
    by its checksum. The theme's templates are left to the theme."""

    def __init__(self) -> None:
        self.code: dict[tuple[str, str], Any] = {}
        self.own_keys: set[str] = set()

    def get_bucket(self, environment: Environment, name: str, filename: str | None, source: str) -> Bucket:
        bucket = super().get_bucket(environment, name, filename, source)
        if filename and Path(filename).is_relative_to(TEMPLATES_DIR):
            self.own_keys.add(bucket.key)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self.code.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.own_keys:
            self.code[(bucket.key, bucket.checksum)] = bucket.code


class HelpCenterPlugin(BasePlugin[HelpCenterConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.help_center: HelpCenter | None = None
        self.languages: list[str] = []
        self.default_language = ""
        self.current_language = ""
        self.strings: dict[str, str] = {}
        self.strings_by_language: dict[str, dict[str, str]] = {}
        self.question_html: dict[str, dict[str, str]] = {}
        self.templates_cache = OwnTemplatesCache()
        # src_uri of each virtual page -> (category id, or "" for the status page; language)
        self.generated: dict[str, tuple[str, str]] = {}
        self.now = dt.datetime.now(dt.timezone.utc)
        self.with_i18n = False
        self.files: Files | None = None
        # search location (`en/faq/orders/#where-is-my-order`) -> that entry's keywords
        self.search_keywords: dict[str, str] = {}
        # search locations of the `top_questions` entries, which rank first among equals
        self.top_question_locations: set[str] = set()
        # every page built, by canonical URL, for the sitemap and llms.txt
        self.site_pages: dict[str, dict[str, Any]] = {}
        self.language_meta: dict[str, dict[str, str]] = {}
        self.answers: dict[str, str] = {}
        self.default_404: bytes | None = None
        self.content_key: tuple[object, ...] | None = None
        self.project_root = Path()  # where mkdocs.yml is: paths in messages are relative to it

    # -- configuration ---------------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        # Runs once per language build: everything here is recomputed, nothing appended twice.
        if not self.config.enabled:
            return None
        self.languages, self.default_language, self.current_language = site_languages(config)
        self.strings, missing = strings_for(self.current_language, self.config.strings)
        self.strings_by_language = {self.current_language: self.strings}
        if missing:
            log.info(
                f"helpcenter: no interface strings for '{self.current_language}' ({', '.join(missing)}); "
                "using English — add them under 'strings' of the helpcenter plugin in mkdocs.yml"
            )
        try:
            self.now = timeline.build_now(self.config.now)
        except timeline.BadNow as exc:
            raise PluginError(
                f"helpcenter 'now' (mkdocs.yml or ${timeline.NOW_ENVIRONMENT_VARIABLE}): {exc}"
            ) from None
        settings = content_settings(config, self.config, self.languages, self.default_language)
        self.project_root = settings.root
        # i18n builds once per language with the same content: read it once, and again only
        # when a file changed (mkdocs serve).
        content_key = (settings, _fingerprint(settings))
        if self.help_center is None or content_key != self.content_key:
            self.help_center = None
            try:
                self.help_center = load_help_center(settings)
            except ContentError as exc:
                raise PluginError(str(exc)) from None
            self.content_key = content_key
            self.question_html = {}
            for warning in self.help_center.warnings:
                # A configured fallback is reported, not an error: a warning would fail --strict.
                log.info(f"helpcenter: {warning}")
        self._check_top_questions()
        if self.config.organization is not None:
            problems = structured.validate_organization(self.config.organization, self.languages)
            if problems:
                raise PluginError("mkdocs.yml: " + "\nmkdocs.yml: ".join(problems))
        if self.current_language == self.default_language:
            # The first language build of a cycle (and of every `mkdocs serve` rebuild).
            self.site_pages = {}
            self.language_meta = {}

        for extension in ("attr_list", "toc", "md_in_html"):
            # Entry anchors are written `## Question { #entry-id }`; related questions sit in
            # a `<div markdown data-search-exclude>`.
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        if str(TEMPLATES_DIR) not in config.theme.dirs:
            # After the site's own overrides (custom_dir), before the theme's templates.
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, str(TEMPLATES_DIR))
        return config

    def _check_top_questions(self) -> None:
        assert self.help_center is not None
        known = {e.id for e in self.help_center.entries}
        unknown = [entry_id for entry_id in self.config.top_questions if entry_id not in known]
        if unknown:
            raise PluginError(
                f"mkdocs.yml: helpcenter top_questions names {', '.join(repr(u) for u in unknown)}, "
                "which no FAQ entry has — use ids from faq/*.yml"
            )

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self.config.enabled:
            root = Path(config.config_file_path or ".").parent
            # Editing a YAML file must rebuild and reload the page, like editing Markdown.
            server.watch(str(root / self.config.faq_dir))
            if (root / self.config.alerts_file).exists():
                server.watch(str(root / self.config.alerts_file))
        return server

    # -- pages -------------------------------------------------------------------------------
    # Before mkdocs-static-i18n (-100): the virtual pages must exist when i18n sorts files.
    @event_priority(0)
    def _add_virtual_pages(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.help_center is None:
            return None
        self.generated = {}
        self.answers = {}  # filled from each category page as it is rendered (on_page_content)
        with_i18n = self.with_i18n = "i18n" in config.plugins
        virtual_pages = [
            (pages.category_page_uri(self.config.faq_url, loaded.category.id), loaded.category.id)
            for loaded in self.help_center.categories
        ]
        virtual_pages.append((self.config.status_page, ""))
        for page_uri, category_id in virtual_pages:
            for language in self.languages if with_i18n else [self.current_language]:
                src_uri = posixpath.join(language, page_uri) if with_i18n else page_uri
                on_disk = Path(config.docs_dir) / src_uri
                if on_disk.exists():
                    source = (
                        f"{self.config.faq_dir}/{category_id}.yml" if category_id else self.config.alerts_file
                    )
                    raise PluginError(
                        f"{on_disk}: this page is generated from {source} — "
                        "delete the Markdown file and edit the YAML"
                    )
                file = File(src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
                file.generated_by = "helpcenter"
                files.append(file)
                self.generated[src_uri] = (category_id, language)
        return files

    # After mkdocs-static-i18n (-100), which re-created our File objects without content.
    @event_priority(-110)
    def _fill_virtual_pages(self, files: Files, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.help_center is None:
            return None
        categories = {loaded.category.id: loaded for loaded in self.help_center.categories}
        # The related questions are put in once the page is HTML, in place of a comment; an
        # extension that removes comments (pymdownx.striphtml) gets them as Markdown instead.
        placeholders = not any("striphtml" in str(extension) for extension in config.markdown_extensions)
        for file in files:
            if file.src_uri not in self.generated:
                continue
            category_id, language = self.generated[file.src_uri]
            strings = self._strings_of(language)
            if category_id:
                file.content_string = pages.render_category_page(
                    self.help_center,
                    categories[category_id],
                    language,
                    self.config.faq_url,
                    strings,
                    related_placeholders=placeholders,
                )
                for entry in categories[category_id].entries:
                    words = " ".join(entry.keywords.get(language, []))
                    if words:
                        self.search_keywords[f"{file.url}#{entry.id}"] = words
                    if entry.id in self.config.top_questions:
                        self.top_question_locations.add(f"{file.url}#{entry.id}")
            else:
                file.content_string = pages.render_status_page(
                    self.help_center,
                    language,
                    self.now,
                    self.config.faq_url,
                    self.config.status_page,
                    strings,
                    self._feed_links_html(language, file.url),
                )
            # No "edit this page" link to a Markdown file that does not exist.
            file.generated_by = "helpcenter"
        return files

    on_files = CombinedEvent(_add_virtual_pages, _fill_virtual_pages)

    def _strings_of(self, language: str) -> dict[str, str]:
        if language not in self.strings_by_language:
            self.strings_by_language[language] = strings_for(language, self.config.strings)[0]
        return self.strings_by_language[language]

    def _category_href(self, files: Files, page_file: File, language: str, category_id: str) -> str:
        """The link from a category page to a category page, as MkDocs would write it ("" to
        itself)."""
        src_uri = self._src_uri(pages.category_page_uri(self.config.faq_url, category_id), language)
        target = page_file if src_uri == page_file.src_uri else files.get_file_from_path(src_uri)
        return "" if target is None or target is page_file else target.url_relative_to(page_file)

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled or self.help_center is None:
            return None
        if page.file.src_uri not in self.generated:
            self._refuse_script(page, safety.script_risks(page.file.content_string))
        page_path = _path_in_language(page.file.src_uri, self.languages)
        language = self.current_language
        if page_path == self.config.home_page:
            top = pages.top_questions(
                self.help_center, self.config.top_questions, self.config.top_questions_count
            )
            markdown = pages.replace_marker(
                markdown,
                pages.MARKER_CATEGORIES,
                pages.search_excluded(
                    pages.render_categories_block(
                        self.help_center, language, self.config.faq_url, page_path, self.strings
                    )
                ),
            )
            markdown = pages.replace_marker(
                markdown,
                pages.MARKER_TOP_QUESTIONS,
                pages.search_excluded(
                    pages.render_top_questions_block(
                        self.help_center, top, language, self.config.faq_url, page_path, self.strings
                    )
                ),
            )
        elif self._is_contact_page(page):
            markdown = pages.replace_marker(
                markdown,
                pages.MARKER_CONTACT_TOPICS,
                pages.search_excluded(
                    pages.render_contact_topics_block(
                        self.help_center, language, self.config.faq_url, page_path, self.strings
                    )
                ),
                default_after_title=True,
            )
        return markdown

    # -- navigation ------------------------------------------------------------------------------
    # After mkdocs-static-i18n (-100), which flattens the language folders and sorts by title.
    @event_priority(-110)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.config.enabled or self.help_center is None:
            return None
        order = {loaded.category.id: i for i, loaded in enumerate(self.help_center.categories)}
        faq_section: Section | None = None
        for item in nav.items:
            if isinstance(item, Section) and any(
                isinstance(child, Page) and child.file.src_uri in self.generated for child in item.children
            ):
                faq_section = item
        if faq_section is not None:
            faq_section.title = self.strings["faq_section"]
            faq_section.children.sort(key=lambda child: order.get(self._category_of(child), len(order)))

        def place(item: object) -> int:
            # Home, the FAQ, then the rest in i18n's order, and the contact page last: customers
            # should meet the answers before the phone number.
            if item is nav.homepage:
                return 0
            if item is faq_section:
                return 1
            if isinstance(item, Page) and self._is_contact_page(item):
                return 3
            return 2

        nav.items.sort(key=place)
        return nav

    def _is_contact_page(self, page: Page) -> bool:
        return _path_in_language(page.file.src_uri, self.languages) == self.config.contact_page

    def _category_of(self, item: object) -> str:
        file = getattr(item, "file", None)
        return self.generated.get(file.src_uri, ("", ""))[0] if file is not None else ""

    # -- templates ---------------------------------------------------------------------------------
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment | None:
        # Runs once per language build, after the files and the navigation are final.
        if self.config.enabled and self.help_center is not None:
            self.files = files
            if env.bytecode_cache is None:
                env.bytecode_cache = self.templates_cache
            env.globals["helpcenter"] = {
                "strings": self.strings,
                "language": self.current_language,
                "banner": self._banner(files),
                "feeds": self._feed_urls(self.current_language),
                "language_root": self._language_prefix(self.current_language) or ".",
                "search_fallback": self._search_fallback(files),
                "feedback": self._feedback(config),
            }
            env.globals["helpcenter_alternates"] = functools.partial(self._alternates, config)
        return env

    def _absolute_url(self, config: MkDocsConfig, files: Files, page_uri: str) -> str:
        """Absolute URL of a page of the current language, from its path in the language tree."""
        file = files.get_file_from_path(self._src_uri(page_uri))
        return urljoin(config.site_url or "/", file.url if file else page_uri)

    def _shown_path(self, page: Page) -> str:
        """A page's file as an editor finds it in the repository (`docs/en/guides/x.md`)."""
        return display_path(Path(page.file.abs_src_path or page.file.src_uri), self.project_root)

    def _refuse_script(self, page: Page, risks: list[safety.ScriptRisk]) -> None:
        """Stop the build at what an editor's page holds that could run script."""
        if not risks:
            return
        problems = [
            Problem(
                self._shown_path(page),
                risk.line,
                f"the page contains {risk.what}, which could run script in a customer's browser"
                " — remove it and use Markdown instead of HTML",
            )
            for risk in risks
        ]
        raise PluginError(str(ContentError(problems)))

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        """Keep each answer as the page renders it, links made absolute, for the structured
        data and the FAQ API: rendering the Markdown a second time would double its cost.
        And read what every page renders to for anything that runs: Markdown extensions the
        checks of the content and the pages' Markdown do not know could still write it."""
        if not self.config.enabled:
            return html
        risks = safety.html_script_risks(html)
        if risks:
            generated = self.generated.get(page.file.src_uri)
            if generated and generated[0]:  # a category page
                source = f"{self.config.faq_dir}/{generated[0]}.yml"
            elif generated:  # the status page
                source = self.config.alerts_file
            else:
                source = self._shown_path(page)
            problem = Problem(
                source,
                None,
                f"the page /{page.url} renders to HTML with {', '.join(risks)}, which could run script"
                " in a customer's browser — find the Markdown that writes it and remove it",
            )
            raise PluginError(str(ContentError([problem])))
        if self._page_kind(page) == "faq":
            base = page.canonical_url or urljoin(config.site_url or "/", page.url)
            self.answers.update(pages.answers_from_page_html(html, base))
        return html

    def _page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation):
        if not self.config.enabled or self.help_center is None:
            return context
        language = self.current_language
        url = page.canonical_url or urljoin(config.site_url or "/", page.url)
        context["helpcenter_page_kind"] = self._page_kind(page)
        # Structured data needs absolute URLs: a site without site_url gets none.
        if config.site_url:
            context["helpcenter_jsonld"] = [
                structured.script_json(data) for data in self._structured_data(config, page, url)
            ]
        self.site_pages[url] = {
            "language": language,
            "title": page.meta.get("title") or page.title or config.site_name,
            "description": page.meta.get("description") or "",
            "alternates": [(a["lang"], a["href"]) for a in self._alternates(config, page)],
            "is_home": page.is_homepage,
        }
        self.language_meta[language] = {
            "site_name": config.site_name,
            "summary": config.site_description or "",
            "name": _language_name(config, language),
            "home": urljoin(config.site_url or "/", self._language_prefix(language)),
        }
        return context

    # After Material's search (0) has read the page: the related questions are kept out of the
    # search index, so it need not parse them, and it has removed `data-search-*` attributes.
    @event_priority(-50)
    def _put_related_questions(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any] | None:
        if not self.config.enabled or self.help_center is None or self._page_kind(page) != "faq":
            return None
        assert self.files is not None  # on_env comes before the pages
        help_center, files, language = self.help_center, self.files, self.generated[page.file.src_uri][1]
        questions, strings = self._related_question_html(language), self._strings_of(language)
        category_hrefs: dict[str, str] = {}

        def href(entry_id: str) -> str:
            category_id = help_center.category_of(entry_id).id
            if category_id not in category_hrefs:
                category_hrefs[category_id] = self._category_href(files, page.file, language, category_id)
            return f"{category_hrefs[category_id]}#{entry_id}"

        # Material's search removes the attribute once it has read the page; without it, the
        # attribute stays, as md_in_html wrote it.
        search = config.plugins.get("material/search")
        keep_attribute = search is None or not getattr(search.config, "enabled", True)
        page.content = pages.fill_related(
            page.content or "",
            lambda entry_id: pages.render_related_html(
                help_center.entry(entry_id).related, questions, strings, href, keep_attribute
            ),
        )
        return context

    on_page_context = CombinedEvent(_page_context, _put_related_questions)

    def _related_question_html(self, language: str) -> dict[str, str]:
        """Every entry's question as the HTML text of a link, in `language` (built once)."""
        assert self.help_center is not None
        if language not in self.question_html:
            self.question_html[language] = {
                entry.id: pages.html_text(entry.question[language]) for entry in self.help_center.entries
            }
        return self.question_html[language]

    def _page_kind(self, page: Page) -> str | None:
        """ "faq" for a category page, "guide" for a troubleshooting guide, else None."""
        if self.generated.get(page.file.src_uri, ("", ""))[0]:
            return "faq"
        if _path_in_language(page.file.src_uri, self.languages).startswith("guides/"):
            return "guide"
        return None

    def _structured_data(self, config: MkDocsConfig, page: Page, url: str) -> list[dict[str, Any]]:
        assert self.help_center is not None
        language = self.current_language
        home = (config.site_name, urljoin(config.site_url or "/", self._language_prefix(language)))
        category_id = self.generated.get(page.file.src_uri, (None, ""))[0]
        if category_id:
            loaded = next(c for c in self.help_center.categories if c.category.id == category_id)
            return [
                structured.faq_page(
                    self.help_center,
                    loaded,
                    language=language,
                    page_url=url,
                    answer_html=lambda entry: self.answers[entry.id],
                ),
                structured.breadcrumbs([home, (loaded.category.title[language], url)]),
            ]
        if self._page_kind(page) == "guide":
            return [structured.breadcrumbs([home, (page.title or "", url)])]
        if self._is_contact_page(page) and self.config.organization:
            return [structured.organization(self.config.organization, language=language, url=home[1])]
        return []

    def _alternates(self, config: MkDocsConfig, page: Page) -> list[dict[str, str]]:
        """hreflang alternates of a page: absolute, itself included, and x-default (the default
        language's version). A language that only falls back to another's text is left out."""
        if not config.site_url:
            return []
        alternates = getattr(page.file, "alternates", None) or {self.current_language: page.file}
        result = []
        for language in self.languages:
            alternate = alternates.get(language)
            if alternate is None or getattr(alternate, "locale", language) != language:
                continue
            result.append({"lang": language, "href": urljoin(config.site_url, alternate.url)})
        default = next((a["href"] for a in result if a["lang"] == self.default_language), None)
        if default and len(result) > 1:
            result.append({"lang": "x-default", "href": default})
        return result

    def _feedback(self, config: MkDocsConfig) -> dict[str, Any] | None:
        """Where "Was this helpful?" answers go: the feedback endpoint, and/or the analytics
        provider Material is configured with; None when there is nowhere to send them."""
        analytics = (config.extra.get("analytics") or {}).get("provider")
        if not self.config.feedback_endpoint and not analytics:
            return None
        return {"endpoint": self.config.feedback_endpoint, "analytics": analytics}

    def _search_fallback(self, files: Files) -> dict[str, Any]:
        """What a search without results offers instead of a blank: the most asked questions
        and the contact page (site-relative URLs)."""
        assert self.help_center is not None
        language = self.current_language
        top = pages.top_questions(
            self.help_center, self.config.top_questions, self.config.top_questions_count
        )
        contact = files.get_file_from_path(self._src_uri(self.config.contact_page))
        return {
            "questions": [
                {"text": entry.question[language], "url": self._alert_url(entry.id, files)} for entry in top
            ],
            "contact_url": contact.url if contact else None,
        }

    def _banner(self, files: Files) -> list[dict[str, object]]:
        """The alerts every page of this language carries: active now, or starting soon
        (hidden until then, in the browser); each with its own times for the browser."""
        assert self.help_center is not None
        language = self.current_language
        horizon = self.now + dt.timedelta(days=self.config.alerts_lookahead_days)
        shown = timeline.active(self.help_center.alerts, self.now) + [
            alert for alert in timeline.upcoming(self.help_center.alerts, self.now) if alert.starts <= horizon
        ]
        banner = []
        for alert in shown:
            until = (
                self.strings["alert_until"].format(time=timeline.format_moment(alert.ends, language))
                if alert.ends
                else ""
            )
            banner.append(
                {
                    "id": alert.id,
                    "severity": alert.severity,
                    "label": self.strings[f"severity_{alert.severity}"],
                    "version": timeline.version(alert),
                    "starts": timeline.utc_iso(alert.starts),
                    "ends": timeline.utc_iso(alert.ends),
                    "html": timeline.inline_html(alert.text[language]),
                    "until": until,
                    "url": self._alert_url(alert.link, files),
                    "upcoming": timeline.state(alert, self.now) == "upcoming",
                }
            )
        return banner

    def _alert_url(self, link: str | None, files: Files) -> str | None:
        """Site-relative URL of an alert's link in the current language (`en/faq/delivery/#x`)."""
        assert self.help_center is not None
        if not link:
            return None
        known = {entry.id for entry in self.help_center.entries}
        page, anchor = (
            (pages.category_page_uri(self.config.faq_url, self.help_center.category_of(link).id), link)
            if link in known
            else (link.split("#", 1)[0], link.partition("#")[2])
        )
        file = files.get_file_from_path(self._src_uri(page))
        if file is None:
            return None
        return file.url + (f"#{anchor}" if anchor else "")

    def _src_uri(self, page_uri: str, language: str | None = None) -> str:
        language = language or self.current_language
        return posixpath.join(language, page_uri) if self.with_i18n else page_uri

    def _language_prefix(self, language: str) -> str:
        return "" if language == self.default_language or not self.with_i18n else f"{language}/"

    def _feed_urls(self, language: str) -> dict[str, str]:
        base = self._language_prefix(language) + self.config.feeds_dir.strip("/")
        return {"json": f"{base}/alerts.json", "rss": f"{base}/alerts.xml"}

    def _feed_links_html(self, language: str, page_url: str) -> str:
        feeds = self._feed_urls(language)
        start = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
        json_href = posixpath.relpath(feeds["json"], start or ".")
        rss_href = posixpath.relpath(feeds["rss"], start or ".")
        return (
            f'<ul class="hc-feeds"><li><a href="{json_href}" type="application/feed+json">JSON Feed</a></li>'
            f'<li><a href="{rss_href}" type="application/rss+xml">RSS</a></li></ul>'
        )

    # Before mkdocs-static-i18n (-100), whose on_post_build builds the other languages: each
    # language build writes site/404.html and the last would win, so each one is moved to its
    # section and the default language's is put back.
    @event_priority(0)
    def _after_language_build(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        self._write_feeds(config)
        self._place_404(config)

    # After mkdocs-static-i18n (-100), which builds the other languages and then rewrites the
    # combined search index: only then is there an index to split.
    @event_priority(-200)
    def _after_all_languages(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        i18n = config.plugins.get("i18n")
        if i18n is not None and getattr(i18n, "building", False):
            return  # a language build inside i18n's loop; the last one is not done yet
        combined = Path(config.site_dir) / "search" / "search_index.json"
        if not combined.is_file():
            return
        indexes = search.split_index(
            json.loads(combined.read_text(encoding="utf-8")),
            self.languages,
            self.default_language,
            self.search_keywords,
            _lunr_languages(),
            frozenset(self.top_question_locations),
        )
        for language, index in indexes.items():
            path = search.index_path(Path(config.site_dir), language, self.default_language)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        self._write_crawler_files(config)

    def _write_crawler_files(self, config: MkDocsConfig) -> None:
        """sitemap.xml (with x-default), robots.txt and llms.txt, from every language's pages."""
        site = Path(config.site_dir)
        if config.site_url:
            entries = [
                sitemap.SitemapPage(loc=url, alternates=page["alternates"])
                for url, page in self.site_pages.items()
            ]
            xml = sitemap.sitemap_xml(entries)
            (site / "sitemap.xml").write_text(xml, encoding="utf-8")
            (site / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))
            sections = []
            for language in self.languages:
                meta = self.language_meta.get(language)
                if meta is None:
                    continue
                pages_of_language = sorted(
                    (p | {"url": url} for url, p in self.site_pages.items() if p["language"] == language),
                    key=lambda p: (not p["is_home"], p["url"]),
                )
                sections.append(
                    {
                        "language": language,
                        "name": meta["name"],
                        "site_name": meta["site_name"],
                        "summary": meta["summary"],
                        "pages": [
                            {"title": p["title"], "url": p["url"], "description": p["description"]}
                            for p in pages_of_language
                        ],
                    }
                )
            if sections:
                (site / "llms.txt").write_text(structured.llms_txt(sections), encoding="utf-8")
        (site / "robots.txt").write_text(sitemap.robots_txt(config.site_url), encoding="utf-8")

    on_post_build = CombinedEvent(_after_language_build, _after_all_languages)

    def _place_404(self, config: MkDocsConfig) -> None:
        site_404 = Path(config.site_dir) / "404.html"
        if not site_404.exists():
            return
        if self.current_language == self.default_language or not self.with_i18n:
            self.default_404 = site_404.read_bytes()
            return
        section_404 = Path(config.site_dir) / self.current_language / "404.html"
        section_404.parent.mkdir(parents=True, exist_ok=True)
        section_404.write_bytes(site_404.read_bytes())
        if self.default_404 is not None:
            site_404.write_bytes(self.default_404)

    def _write_feeds(self, config: MkDocsConfig) -> None:
        """This language's alert feeds (JSON Feed, RSS) and FAQ JSON, for other channels."""
        if self.help_center is None or self.files is None:
            return
        files, language, site = self.files, self.current_language, Path(config.site_dir)

        def absolute(url: str | None) -> str | None:
            return urljoin(config.site_url or "/", url) if url is not None else None

        page_url = functools.cache(functools.partial(self._absolute_url, config, files))

        def entry_url(entry_id: str) -> str:
            category = self.help_center.category_of(entry_id)  # type: ignore[union-attr]
            return page_url(pages.category_page_uri(self.config.faq_url, category.id)) + f"#{entry_id}"

        feed_urls = self._feed_urls(language)
        common = {
            "language": language,
            "now": self.now,
            "title": f"{config.site_name}: {self.strings['status_title']}",
            "home_url": page_url(self.config.status_page),
            "entry_url": lambda link: absolute(self._alert_url(link, files)),
        }
        outputs = {
            feed_urls["json"]: feeds.alerts_json_feed(
                self.help_center.alerts, feed_url=absolute(feed_urls["json"]) or "", **common
            ),
            feed_urls["rss"]: feeds.alerts_rss(
                self.help_center.alerts,
                feed_url=absolute(feed_urls["rss"]) or "",
                description=self.strings["status_description"],
                **common,
            ),
            f"api/faq.{language}.json": feeds.faq_json(
                self.help_center,
                language=language,
                entry_url=entry_url,
                category_url=lambda category_id: page_url(
                    pages.category_page_uri(self.config.faq_url, category_id)
                ),
                page_url=page_url,
                faq_url=self.config.faq_url,
                answers=self.answers,
            ),
        }
        for relative, text in outputs.items():
            path = site / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def content_settings(
    config: MkDocsConfig, options: HelpCenterConfig, languages: list[str], default_language: str
) -> ContentSettings:
    """What the content is validated against, all of it from mkdocs.yml."""
    root = Path(config.config_file_path or ".").parent
    return ContentSettings(
        root=root,
        faq_dir=root / options.faq_dir,
        alerts_file=root / options.alerts_file,
        languages=languages,
        default_language=default_language,
        translation_fallback=options.translation_fallback,
        docs_dir=Path(config.docs_dir),
    )


def _fingerprint(settings: ContentSettings) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every content file: changes when an editor saves."""
    paths = sorted(settings.faq_dir.glob("*.y*ml")) + [settings.alerts_file]
    return tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in paths if p.is_file())


def _language_name(config: MkDocsConfig, language: str) -> str:
    """The language's name as the i18n language selector shows it ("Русский")."""
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        for entry in i18n.config.languages:
            if entry.locale == language and entry.name:
                return str(entry.name)
    return language


def _lunr_languages() -> set[str]:
    """Languages Material's browser search has a lunr stemmer for (English is built in)."""
    import material

    bundled = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "lunr" / "min"
    return {"en"} | {path.name.split(".")[1] for path in bundled.glob("lunr.*.min.js")}


def site_languages(config: MkDocsConfig) -> tuple[list[str], str, str]:
    """(languages, default, current) from mkdocs-static-i18n, or the theme's language alone."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        language = str(config.theme.get("language") or "en")
        return [language], language, language
    languages = [lang.locale for lang in i18n.config.languages if lang.build and lang.locale != "null"]
    default = next(lang.locale for lang in i18n.config.languages if lang.default)
    current = i18n.current_language or default
    return languages, default, current


def _path_in_language(src_uri: str, languages: list[str]) -> str:
    """`en/contact.md` → `contact.md`: the page's path inside its language folder."""
    first, _, rest = src_uri.partition("/")
    return rest if first in languages and rest else src_uri
