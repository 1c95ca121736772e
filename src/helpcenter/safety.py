"""Find what in editors' text could run script in a customer's browser.

Markdown lets raw HTML through to the page, so `<img src=x onerror=...>` in an answer
would run on the help site, and attr_list (which the site needs for entry anchors) turns
`{ onclick="..." }` after a paragraph, heading or link into an attribute. We refuse both at
validation time, naming what to remove and its line; code spans and fenced blocks are
skipped because Markdown escapes what is inside them.

`html_script_risks` reads rendered HTML the same way: the plugin checks every page it
renders, so Markdown syntax this module does not know (another extension) is caught too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder, sanitize_name

DANGEROUS_TAGS = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "form",
        "meta",
        "link",
        "style",
    }
)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"})

_FENCED_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
# Markdown link or image targets: [text](target), autolinks <scheme:...> and reference
# definitions `[id]: target`. A target is read up to its end, spaces included, so that
# "java\tscript:" is seen whole; only its start (the scheme) is compared.
_MARKDOWN_TARGET = re.compile(
    r"\]\(\s*<?([^)>]*)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>|^[ ]{0,3}\[[^\]]+\]:[ \t]*<?([^\n>]*)",
    re.MULTILINE,
)
# `{ key=value }` as attr_list reads it after a block, a heading or an inline element.
_ATTR_LIST = re.compile(AttrListTreeprocessor.BASE_RE)
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20]+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# A block that starts with a block-level tag or a comment is raw HTML to Markdown: backticks
# in it are not code spans. Blocks starting with these inline tags are ordinary paragraphs.
_BLOCK_START = re.compile(r"[ ]{0,3}<(?:!--|/?([A-Za-z][A-Za-z0-9-]*))")
_INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "img", "ins"}
    | {"kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
)


@dataclass(frozen=True)
class ScriptRisk:
    line: int  # 1-based, in the text that was checked
    what: str  # "a <script> tag", "an event handler attribute 'onerror=' on <img>", ...


def _normalized_scheme(url: str) -> str:
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:")
    # and decode entities ("&#106;avascript:"), so we do the same before comparing.
    return _CONTROL_AND_SPACE.sub("", html.unescape(url)).lower()


def _is_dangerous_url(url: str) -> bool:
    return _normalized_scheme(url).startswith(DANGEROUS_SCHEMES)


def _attribute_risk(name: str, value: str | None, tag: str | None) -> str | None:
    """What an attribute of `tag` (None: of an attr_list `{ }`) could run, if anything."""
    if name.startswith("on"):
        return f"an event handler attribute '{name}=' " + (f"on <{tag}>" if tag else "in { }")
    if name in URL_ATTRIBUTES and value and _is_dangerous_url(value):
        scheme = _normalized_scheme(value).split(":")[0]
        return f"a '{scheme}:' link in " + (f"<{tag} {name}>" if tag else f"{name}= in {{ }}")
    return None


class _ScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[ScriptRisk] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in DANGEROUS_TAGS:
            self.findings.append(ScriptRisk(line, f"{'an' if tag[0] in 'aeio' else 'a'} <{tag}> tag"))
        for name, value in attrs:
            risk = _attribute_risk(name, value, tag)
            if risk:
                self.findings.append(ScriptRisk(line, risk))

    handle_startendtag = handle_starttag


def _blank(match: re.Match[str]) -> str:
    """The match as spaces, its line breaks kept, so that lines after it keep their numbers."""
    return re.sub(r"[^\n]", " ", match.group())


def _without_code(text: str) -> str:
    """`text` with what Markdown escapes blanked out: fenced blocks, and code spans outside raw
    HTML blocks. A code span ends at its paragraph, so spans are looked for block by block."""
    blocks = _BLANK_LINE.split(_FENCED_CODE.sub(_blank, text))
    for index, block in enumerate(blocks):
        start = _BLOCK_START.match(block)
        if start is None or (start.group(1) or "").lower() in _INLINE_TAGS:
            blocks[index] = _CODE_SPAN.sub(_blank, block)
    return "\n\n".join(blocks)  # each blank line held two line breaks, as here


def script_risks(text: str) -> list[ScriptRisk]:
    """Each piece of Markdown `text` that could run script once rendered, with its line."""
    if "<" not in text and "]" not in text and "{" not in text:
        # No tag, no link target, no attribute list: most answers, checked fast. (An entity or
        # a scheme alone makes nothing that runs.)
        return []
    prose = _without_code(text)
    finder = _ScriptFinder()
    finder.feed(prose)
    finder.close()
    risks = finder.findings

    def line_at(position: int) -> int:
        return prose.count("\n", 0, position) + 1

    for match in _MARKDOWN_TARGET.finditer(prose):
        target = match.group(1) or match.group(2) or match.group(3) or ""
        if _is_dangerous_url(target):
            scheme = _normalized_scheme(target).split(":")[0]
            risks.append(ScriptRisk(line_at(match.start()), f"a '{scheme}:' link"))
    for match in _ATTR_LIST.finditer(prose):
        attributes, _ = get_attrs_and_remainder(match.group(1))
        for name, value in attributes:
            risk = _attribute_risk(sanitize_name(name).lower(), value, None)
            if risk:
                risks.append(ScriptRisk(line_at(match.start()), risk))
    return sorted(dict.fromkeys(risks), key=lambda risk: risk.line)


def find_script_risks(text: str) -> list[str]:
    """Describe each piece of `text` that could run script once rendered; [] when safe."""
    return list(dict.fromkeys(risk.what for risk in script_risks(text)))


# Cheap signs, in lowercased HTML, that it may hold something that runs; only then is it parsed.
# A scheme can hide behind entities ("&#106;avascript:", "javascript&colon;"), but "script:",
# "script&" or "&#" is still there.
_DANGEROUS_TAG_START = re.compile(r"<(?:" + "|".join(sorted(DANGEROUS_TAGS)) + r")\b")
_HANDLER = re.compile(r"on[a-z]+\s*=")
_SCHEME_SIGNS = ("script:", "script&", "data:", "&#")


def html_script_risks(html_text: str) -> list[str]:
    """What in rendered HTML could run script: dangerous tags, handlers, script links."""
    # Case-insensitive expressions and alternatives cost ten times as much on a long page.
    lowered = html_text.lower()
    if not (
        any(sign in lowered for sign in _SCHEME_SIGNS)
        or _DANGEROUS_TAG_START.search(lowered)
        or _HANDLER.search(lowered)
    ):
        return []
    finder = _ScriptFinder()
    finder.feed(html_text)
    finder.close()
    return list(dict.fromkeys(risk.what for risk in finder.findings))
