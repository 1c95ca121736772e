"""Find raw HTML in editors' text that could run script in a customer's browser.

Markdown lets raw HTML through to the page, so `<img src=x onerror=...>` in an answer
would run on the help site. We refuse it at validation time, naming what to remove;
code spans and fenced blocks are skipped because Markdown escapes what is inside them.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

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
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20]+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# A block that starts with a block-level tag or a comment is raw HTML to Markdown: backticks
# in it are not code spans. Blocks starting with these inline tags are ordinary paragraphs.
_BLOCK_START = re.compile(r"[ ]{0,3}<(?:!--|/?([A-Za-z][A-Za-z0-9-]*))")
_INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "img", "ins"}
    | {"kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
)


def _normalized_scheme(url: str) -> str:
    # Browsers ignore whitespace and control characters inside a scheme ("java\tscript:")
    # and decode entities ("&#106;avascript:"), so we do the same before comparing.
    return _CONTROL_AND_SPACE.sub("", html.unescape(url)).lower()


def _is_dangerous_url(url: str) -> bool:
    return _normalized_scheme(url).startswith(DANGEROUS_SCHEMES)


class _ScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DANGEROUS_TAGS:
            self.findings.append(f"{'an' if tag[0] in 'aeio' else 'a'} <{tag}> tag")
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"an event handler attribute '{name}=' on <{tag}>")
            elif name in URL_ATTRIBUTES and value and _is_dangerous_url(value):
                self.findings.append(f"a '{_normalized_scheme(value).split(':')[0]}:' link in <{tag} {name}>")

    handle_startendtag = handle_starttag


def _without_code(text: str) -> str:
    """`text` without what Markdown escapes: fenced blocks, and code spans outside raw HTML blocks.

    A code span ends at its paragraph, so text is split at blank lines before spans are removed.
    """
    blocks = _BLANK_LINE.split(_FENCED_CODE.sub("", text))
    for index, block in enumerate(blocks):
        start = _BLOCK_START.match(block)
        if start is None or (start.group(1) or "").lower() in _INLINE_TAGS:
            blocks[index] = _CODE_SPAN.sub("", block)
    return "\n\n".join(blocks)


def find_script_risks(text: str) -> list[str]:
    """Describe each piece of `text` that could run script once rendered; [] when safe."""
    if "<" not in text and ":" not in text and "&" not in text:
        # No tag, no URL scheme, no entity that could spell one: most answers, checked fast.
        return []
    prose = _without_code(text)
    finder = _ScriptFinder()
    finder.feed(prose)
    finder.close()
    findings = list(dict.fromkeys(finder.findings))
    for match in _MARKDOWN_TARGET.finditer(prose):
        target = match.group(1) or match.group(2) or match.group(3) or ""
        if _is_dangerous_url(target):
            scheme = _normalized_scheme(target).split(":")[0]
            findings.append(f"a '{scheme}:' link")
    return list(dict.fromkeys(findings))
