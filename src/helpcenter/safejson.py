"""JSON that stays inert when it is inlined in HTML (a `<script>` element) or served to
clients that do: no text in it can end the element, open a comment or break a JS string."""

from __future__ import annotations

import json
import re
from typing import Any

# `<` covers `</script>` and `<!--`; `>` and `&` keep the text inert for any HTML or XML reader;
# U+2028/U+2029 end a line in older JavaScript parsers. Lone surrogates cannot be encoded in UTF-8.
# (str.replace per character is several times faster than str.translate on large documents.)
_HTML_SAFE = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(data: Any, *, indent: int | None = None) -> str:
    """`data` as JSON in which `<`, `>`, `&`, U+2028, U+2029 and lone surrogates are `\\uXXXX`
    escapes, which every JSON parser reads back as the same text."""
    separators = (",", ":") if indent is None else (",", ": ")
    return inert(json.dumps(data, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False))


def inert(text: str) -> str:
    """JSON text (json.dumps with ensure_ascii=False) made as `dumps` writes it: for a document
    put together from several json.dumps, escaped once."""
    for character, escape in _HTML_SAFE:
        text = text.replace(character, escape)
    try:  # the encoder finds a lone surrogate faster than the expression does
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _LONE_SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    return text
