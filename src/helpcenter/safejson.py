"""JSON that stays inert when it is inlined in HTML (a `<script>` element) or served to
clients that do: no text in it can end the element, open a comment or break a JS string."""

from __future__ import annotations

import json
import math
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
_encode_string = json.encoder.encode_basestring  # the C one, as json.dumps(ensure_ascii=False)


def dumps(data: Any, *, indent: int | None = None) -> str:
    """`data` as JSON in which `<`, `>`, `&`, U+2028, U+2029 and lone surrogates are `\\uXXXX`
    escapes, which every JSON parser reads back as the same text."""
    text = None
    if indent is not None:
        try:
            chunks: list[str] = []
            _indented(data, "\n", " " * indent, chunks)
            text = "".join(chunks)
        except (_Unusual, RecursionError):
            pass  # json.dumps says what is wrong with it, or writes it
    if text is None:
        separators = (",", ":") if indent is None else (",", ": ")
        text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators, allow_nan=False)
    return inert(text)


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


class _Unusual(Exception):
    """A value json.dumps has its own rules or errors for: it writes the whole document."""


def _indented(value: Any, newline: str, step: str, chunks: list[str]) -> None:
    """What json.dumps(indent=...) writes, appended to `chunks`. json.dumps indents with its
    pure-Python encoder; this is the same output at a third of its cost."""
    kind = type(value)
    if kind is str:
        chunks.append(_encode_string(value))
    elif kind is dict:
        if not value:
            chunks.append("{}")
            return
        inner = newline + step
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            chunks.append(separator)
            chunks.append(_encode_string(key))
            chunks.append(": ")
            _indented(item, inner, step, chunks)
            separator = "," + inner
        chunks.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            chunks.append("[]")
            return
        inner = newline + step
        separator = "[" + inner
        for item in value:
            chunks.append(separator)
            _indented(item, inner, step, chunks)
            separator = "," + inner
        chunks.append(newline + "]")
    elif value is None:
        chunks.append("null")
    elif value is True:
        chunks.append("true")
    elif value is False:
        chunks.append("false")
    elif kind is int:
        chunks.append(int.__repr__(value))
    elif kind is float and math.isfinite(value):
        chunks.append(float.__repr__(value))
    else:
        raise _Unusual
