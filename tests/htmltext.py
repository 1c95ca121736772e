"""Read built pages the way a customer reads them: sections and their visible text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


class _Sections(HTMLParser):
    """Collects the text of the article, split at each `<h2 id=...>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_article = 0
        self.skip = 0
        self.current: str | None = None
        self.sections: dict[str, list[str]] = {}
        self.headings: dict[str, list[str]] = {}
        self.in_heading = False
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        if tag == "article":
            self.in_article += 1
        if not self.in_article:
            return
        if tag == "a" and "headerlink" in (attributes.get("class") or ""):
            self.skip += 1
        if tag == "h2" and attributes.get("id"):
            self.current = attributes["id"]
            self.sections[self.current] = []
            self.headings[self.current] = []
            self.in_heading = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.in_article -= 1
        if tag == "a" and self.skip:
            self.skip -= 1
        if tag == "h2":
            self.in_heading = False

    def handle_data(self, data: str) -> None:
        if not self.in_article or self.skip or self.current is None:
            return
        (self.headings if self.in_heading else self.sections)[self.current].append(data)


def page_sections(html_text: str) -> tuple[str | None, dict[str, tuple[str, str]]]:
    """(html lang, {h2 id: (heading text, text under it up to the next h2)})."""
    parser = _Sections()
    parser.feed(html_text)
    return parser.lang, {
        key: (squash("".join(parser.headings[key])), squash("".join(parser.sections[key])))
        for key in parser.sections
    }


def visible_text(html_text: str) -> str:
    """All text of an HTML fragment, whitespace squashed."""
    parts: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = parts.append  # type: ignore[method-assign]
    parser.feed(html_text)
    return squash("".join(parts))
