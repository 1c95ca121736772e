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


def find_script_risks(text: str) -> list[str]:
    """Describe each piece of `text` that could run script once rendered; [] when safe."""
    prose = _CODE_SPAN.sub("", _FENCED_CODE.sub("", text))
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
