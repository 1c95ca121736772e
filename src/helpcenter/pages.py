"""Markdown that the plugin generates from the content model: pure functions, no MkDocs.

Editors' text is Markdown in answers and plain text everywhere else; plain text is escaped
here so that a question like `</script>` or `*50%*` reads as written and runs nothing.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from collections.abc import Callable, Iterable
from urllib.parse import urljoin

from helpcenter.content import HelpCenter, LoadedCategory
from helpcenter.model import Alert, Entry

# Markers editors put in their pages; the build replaces them with generated blocks.
MARKER_CATEGORIES = "<!-- helpcenter:categories -->"
MARKER_TOP_QUESTIONS = "<!-- helpcenter:top-questions -->"
MARKER_CONTACT_TOPICS = "<!-- helpcenter:contact-topics -->"

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def plain(text: str) -> str:
    """Plain text made safe to place inside Markdown: no HTML, no accidental formatting."""
    one_line = " ".join(text.split())
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(one_line, quote=False))


def yaml_string(text: str) -> str:
    """A text as a double-quoted YAML scalar for front matter."""
    escaped = " ".join(text.split()).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def category_page_uri(faq_url: str, category_id: str) -> str:
    """Where a category's page lives inside one language's tree, like `faq/orders.md`."""
    return posixpath.join(faq_url, f"{category_id}.md")


def relative_link(target: str, from_page: str) -> str:
    """A Markdown link target from one page (`index.md`) to another (`faq/orders.md`)."""
    start = posixpath.dirname(from_page) or "."
    return posixpath.relpath(target, start)


def render_category_page(
    help_center: HelpCenter,
    loaded: LoadedCategory,
    language: str,
    faq_url: str,
    strings: dict[str, str],
    *,
    related_placeholders: bool = False,
) -> str:
    """The Markdown of one FAQ category page in one language.

    With `related_placeholders`, each entry's related questions are a `RELATED_PLACEHOLDER`
    comment for `fill_related` to replace with `render_related_html` once the page is HTML.
    """
    category = loaded.category
    page_uri = category_page_uri(faq_url, category.id)
    lines = [
        "---",
        f"title: {yaml_string(category.title[language])}",
        f"description: {yaml_string(category.description[language])}",
        "---",
        "",
        f"# {plain(category.title[language])}",
        "",
        plain(category.description[language]),
        "",
    ]
    for entry in loaded.entries:
        lines += [
            f"## {plain(entry.question[language])} {{ #{entry.id} .hc-entry }}",
            "",
            entry.answer[language].strip(),
            "",
        ]
        if not entry.related:
            continue
        if related_placeholders:
            lines += [f"<!--helpcenter-related:{entry.id}-->", ""]
            continue
        # Kept out of the search index: the other questions' words would make this entry
        # a hit for them.
        lines += ['<div class="hc-related" markdown data-search-exclude>', ""]
        lines += [f"**{plain(strings['related'])}:**", ""]
        for related_id in entry.related:
            lines.append(f"- {entry_link(help_center, related_id, language, faq_url, page_uri)}")
        lines += ["", "</div>", ""]
    return "\n".join(lines)


# Python-Markdown leaves a comment as it is, followed by a blank line.
RELATED_PLACEHOLDER = re.compile(r"<!--helpcenter-related:([a-z0-9-]+)-->(\n(?=\n))?")


def fill_related(page_html: str, related_html: Callable[[str], str]) -> str:
    """Replace each related-questions placeholder with `related_html(entry_id)`.

    Generated HTML needs no Markdown: inside a `<div markdown>`, these lists cost a third
    of a category page's rendering time.
    """
    return RELATED_PLACEHOLDER.sub(lambda match: related_html(match.group(1)), page_html)


def render_related_html(
    related: Iterable[str],
    questions: dict[str, str],
    strings: dict[str, str],
    href: Callable[[str], str],
    search_attribute: bool = True,
) -> str:
    """An entry's related questions as the `<div markdown>` of `render_category_page` renders:
    `questions` holds each entry's question as `html_text`, `href(entry_id)` is the link to
    an entry's section.

    `search_attribute=False` leaves out `data-search-exclude`, as Material's search does once it
    has read a page.
    """
    items = "".join(
        f'<li><a href="{_attribute(href(entry_id))}">{questions[entry_id]}</a></li>\n' for entry_id in related
    )
    attribute = ' data-search-exclude="data-search-exclude"' if search_attribute else ""
    return (
        f'<div class="hc-related"{attribute}>\n'
        f"<p><strong>{html_text(strings['related'])}:</strong></p>\n<ul>\n{items}</ul>\n</div>"
    )


def html_text(text: str) -> str:
    """Plain text as HTML, as `plain()` text renders from Markdown."""
    return html.escape(" ".join(text.split()), quote=False)


def _attribute(value: str) -> str:
    # As Python-Markdown's serializer escapes attribute values.
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def entry_link(help_center: HelpCenter, entry_id: str, language: str, faq_url: str, from_page: str) -> str:
    """A Markdown link to an entry's section, with its question as the text."""
    entry = help_center.entry(entry_id)
    category = help_center.category_of(entry_id)
    target = relative_link(category_page_uri(faq_url, category.id), from_page)
    if target == posixpath.basename(from_page):
        target = ""
    return f"[{plain(entry.question[language])}]({target}#{entry.id})"


def top_questions(help_center: HelpCenter, chosen: list[str], count: int) -> list[Entry]:
    """The entries for "most asked": the configured ids, else the first of each category in turn."""
    if chosen:
        return [help_center.entry(entry_id) for entry_id in chosen]
    picked: list[Entry] = []
    columns = [loaded.entries for loaded in help_center.categories]
    for row in range(max((len(c) for c in columns), default=0)):
        for entries in columns:
            if row < len(entries) and len(picked) < count:
                picked.append(entries[row])
    return picked


def render_categories_block(
    help_center: HelpCenter, language: str, faq_url: str, from_page: str, strings: dict[str, str]
) -> str:
    lines = [f"## {plain(strings['categories'])}", ""]
    for loaded in help_center.categories:
        category = loaded.category
        target = relative_link(category_page_uri(faq_url, category.id), from_page)
        count = strings["entries_count"].format(count=len(loaded.entries))
        lines.append(
            f"- [{plain(category.title[language])}]({target}) — {plain(category.description[language])}"
            f" ({plain(count)})"
        )
    return "\n".join(lines) + "\n"


def render_top_questions_block(
    help_center: HelpCenter,
    entries: Iterable[Entry],
    language: str,
    faq_url: str,
    from_page: str,
    strings: dict[str, str],
) -> str:
    lines = [f"## {plain(strings['top_questions'])}", ""]
    for entry in entries:
        lines.append(f"- {entry_link(help_center, entry.id, language, faq_url, from_page)}")
    return "\n".join(lines) + "\n"


def render_contact_topics_block(
    help_center: HelpCenter,
    language: str,
    faq_url: str,
    from_page: str,
    strings: dict[str, str],
    per_topic: int = 5,
) -> str:
    """Per topic, the self-service answers; the page's own text (phone, hours) comes after."""
    lines = [plain(strings["contact_intro"]), ""]
    for loaded in help_center.categories:
        category = loaded.category
        lines += [f"## {plain(category.title[language])} {{ #topic-{category.id} }}", ""]
        for entry in loaded.entries[:per_topic]:
            lines.append(f"- {entry_link(help_center, entry.id, language, faq_url, from_page)}")
        lines.append("")
    lines += [plain(strings["contact_still_need_help"]), ""]
    return "\n".join(lines)


_FIRST_H1 = re.compile(r"^# .*$", re.MULTILINE)


def search_excluded(block: str) -> str:
    """Wrap generated lists of questions so the search finds the entries, not these lists."""
    return f"<div markdown data-search-exclude>\n\n{block.strip()}\n\n</div>\n"


def replace_marker(markdown: str, marker: str, block: str, *, default_after_title: bool = False) -> str:
    """Put `block` where the editor placed `marker`.

    Without a marker the block goes at the end of the page, or, with `default_after_title`,
    right under the page's `# title`: the contact page must show answers before the phone.
    """
    if marker in markdown:
        # Blank lines around the block: a list must not run into what the editor wrote next.
        return markdown.replace(marker, "\n\n" + block.strip("\n") + "\n\n")
    title = _FIRST_H1.search(markdown) if default_after_title else None
    if title:
        return markdown[: title.end()] + "\n\n" + block + "\n" + markdown[title.end() :]
    return markdown.rstrip() + "\n\n" + block


_ENTRY_HEADING = re.compile(r'<h2 class="hc-entry" id="([^"]+)">.*?</h2>', re.DOTALL)
_ANSWER_END = re.compile(r'<div class="hc-related"|<h2 class="hc-entry"|<!--helpcenter-related:')
_HREF = re.compile(r'(href|src)="([^"]*)"')


def answers_from_page_html(html_text: str, page_url: str) -> dict[str, str]:
    """Each entry's answer as rendered on its category page (by entry id), with relative
    links resolved against the page's absolute URL."""
    answers = {}
    headings = list(_ENTRY_HEADING.finditer(html_text))
    for heading in headings:
        end = _ANSWER_END.search(html_text, heading.end())
        answer = html_text[heading.end() : end.start() if end else len(html_text)].strip()
        answers[heading.group(1)] = _HREF.sub(
            lambda m: f'{m.group(1)}="{urljoin(page_url, html.unescape(m.group(2)))}"', answer
        )
    return answers


def alert_link_target(help_center: HelpCenter, link: str | None, faq_url: str, from_page: str) -> str | None:
    """A Markdown link target for an alert's `link`: an entry's section or a docs page."""
    if not link:
        return None
    known = {entry.id for entry in help_center.entries}
    if link in known:
        category = help_center.category_of(link)
        return relative_link(category_page_uri(faq_url, category.id), from_page) + f"#{link}"
    return relative_link(link, from_page)


def render_status_page(
    help_center: HelpCenter,
    language: str,
    now: dt.datetime,
    faq_url: str,
    page_uri: str,
    strings: dict[str, str],
    feeds_html: str,
) -> str:
    """The service-status page: current alerts, planned ones and those ended recently."""
    from helpcenter import alerts as timeline

    def describe(alert: Alert) -> str:
        label = strings[f"severity_{alert.severity}"]
        window = (
            strings["alert_window"].format(
                start=timeline.format_moment(alert.starts, language),
                end=timeline.format_moment(alert.ends, language),
            )
            if alert.ends
            else strings["alert_from"].format(time=timeline.format_moment(alert.starts, language))
        )
        line = f"- **{plain(label)}.** {alert.text[language].strip()} — {plain(window)}"
        target = alert_link_target(help_center, alert.link, faq_url, page_uri)
        if target:
            line += f" [{plain(strings['alert_more'])}]({target})"
        return line

    sections = [
        (strings["status_current"], timeline.active(help_center.alerts, now), strings["status_none_current"]),
        (strings["status_upcoming"], timeline.upcoming(help_center.alerts, now), strings["status_none"]),
        (strings["status_recent"], timeline.recently_ended(help_center.alerts, now), strings["status_none"]),
    ]
    lines = [
        "---",
        f"title: {yaml_string(strings['status_title'])}",
        f"description: {yaml_string(strings['status_description'])}",
        "---",
        "",
        f"# {plain(strings['status_title'])}",
        "",
    ]
    for title, items, empty in sections:
        lines += [f"## {plain(title)}", ""]
        lines += [describe(alert) for alert in items] or [plain(empty)]
        lines.append("")
    lines += [plain(strings["status_feeds"]), "", feeds_html, ""]
    return "\n".join(lines)
