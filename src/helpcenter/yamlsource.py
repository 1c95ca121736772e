"""Read a YAML file into plain data plus the line of every key and item.

PyYAML's SafeLoader is used with two of its YAML 1.1 habits switched off, because both
silently change what an editor wrote:
- timestamps: `reviewed: 2026-13-01` would crash the loader, and `2026-11-20T09:00` would
  become a naive datetime; dates stay text here and the model parses them with a clear error;
- `yes`/`no`/`on`/`off` as booleans: a Spanish keyword `no` or a language key would become
  False. Only `true`/`false` are booleans.
Duplicate keys, which PyYAML keeps the last of without a word, are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_BOOL_TAG = "tag:yaml.org,2002:bool"


class StrictSafeLoader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps and with only true/false as booleans."""


class FastStrictSafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same rules on libyaml, about 10× faster: a 1,000-entry help center parses in
    a fraction of a second instead of seconds. libyaml also accepts YAML 1.2's `{en: Why?}`
    (an unquoted '?' inside { }), as editors' IDEs do."""


for _loader in (StrictSafeLoader, FastStrictSafeLoader):
    _loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_TIMESTAMP_TAG, _BOOL_TAG)]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
    }
    _loader.add_implicit_resolver(
        _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )


@dataclass
class YamlDocument:
    """Parsed data, the 1-based line of each path in it, and duplicate keys found."""

    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    # (path of the repeated key, line of its first use, line of the repeat)
    duplicate_keys: list[tuple[Path_, int, int]] = field(default_factory=list)

    def line_of(self, path: Path_) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


class YamlSyntaxError(Exception):
    """Malformed YAML, with the line and a hint an editor can act on."""

    def __init__(self, line: int | None, message: str):
        self.line = line
        self.message = message
        super().__init__(message)


def _hint(problem: str) -> str:
    if "but got '?'" in problem:
        # YAML 1.1 (PyYAML) ends an unquoted text at '?' inside { }, unlike editors' YAML 1.2 tools.
        return "inside { }, a text containing '?' must be quoted, like {en: \"Where is my order?\"}"
    if "mapping values are not allowed" in problem:
        return "a text containing ': ' must be quoted, or written as a block with '|'"
    if "found character '\\t'" in problem or "tab" in problem:
        return "indent with spaces, not tabs"
    if "could not find expected ':'" in problem:
        return "each key needs a ':' after it; check the indentation of this and the previous line"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "check the indentation: items of one list or map must line up"
    if "found undefined alias" in problem:
        return "'*' starts an alias in YAML; quote the text"
    if "found unexpected end of stream" in problem or "found unknown escape" in problem:
        return "a quote is not closed, or a backslash needs doubling"
    return "check the indentation and quote texts that contain ':', '#', '*' or start with a quote"


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; raise YamlSyntaxError with a line and a fix on bad input."""
    fast = _parse_yaml_fast(text)
    if fast is not None:
        return fast
    try:
        return parse_yaml_with(text, FastStrictSafeLoader)
    except YamlSyntaxError:
        # Parse again with the pure-Python loader: its messages name the offending character
        # ("found character '\\t'"), which libyaml's do not, and our hints are keyed on them.
        return parse_yaml_with(text, StrictSafeLoader)


def parse_yaml_with(text: str, loader_class: type) -> YamlDocument:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(data=None)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or str(exc)
        raise YamlSyntaxError(line, f"malformed YAML: {problem} — {_hint(problem)}") from None
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error we know is marked
        raise YamlSyntaxError(None, f"malformed YAML: {exc}") from None
    finally:
        loader.dispose()
    document = YamlDocument(data=data)
    _record_lines(node, (), document)
    return document


def _parse_yaml_fast(text: str) -> YamlDocument | None:
    """`parse_yaml_with(text, FastStrictSafeLoader)` in one walk over the nodes, which builds
    the data and records the lines together: PyYAML's constructor and a second walk cost
    as much as libyaml's parsing. None when the text holds what only PyYAML's constructor
    knows (tags, merge keys, aliases), or is not well-formed."""
    try:
        # libyaml reads UTF-8; given a str, PyYAML's binding encodes it and reads it more slowly.
        loader = FastStrictSafeLoader(text.encode("utf-8"))
    except UnicodeEncodeError:  # a lone surrogate: the loader's own error is clearer
        return None
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        document = YamlDocument(data=None)
        document.data = _build(node, (), document, loader)
    except (yaml.YAMLError, _Unusual, RecursionError):
        return None
    finally:
        loader.dispose()
    return document


class _Unusual(Exception):
    pass


_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_PLAIN_SCALAR_TAGS = frozenset(
    {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:null", _BOOL_TAG}
)


def _build(
    node: yaml.Node, path: Path_, document: YamlDocument, loader: Any, seen: frozenset[int] = frozenset()
) -> Any:
    """Data and lines as `construct_document` and `_record_lines` make them, in that order."""
    lines = document.lines
    if path not in lines:
        lines[path] = node.start_mark.line + 1
    kind, tag = type(node), node.tag
    if kind is yaml.ScalarNode:
        if tag == _STR_TAG:
            return node.value
        if tag in _PLAIN_SCALAR_TAGS:
            return loader.yaml_constructors[tag](loader, node)
        raise _Unusual
    if id(node) in seen:  # an alias of a node inside itself
        raise _Unusual
    seen = seen | {id(node)}
    if kind is yaml.SequenceNode and tag == _SEQ_TAG:
        return [_build(item, path + (i,), document, loader, seen) for i, item in enumerate(node.value)]
    if kind is yaml.MappingNode and tag == _MAP_TAG:
        data: dict[Any, Any] = {}
        first_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                raise _Unusual  # PyYAML's own error ("found unhashable key"), or a tuple key
            key_tag = key_node.tag
            if key_tag == _STR_TAG:
                key = key_node.value
            elif key_tag in _PLAIN_SCALAR_TAGS:
                key = loader.yaml_constructors[key_tag](loader, key_node)
            else:
                raise _Unusual  # merge keys (`<<`) and tagged keys
            name = key_node.value
            line = key_node.start_mark.line + 1
            if name in first_lines:
                document.duplicate_keys.append((path + (name,), first_lines[name], line))
            first_lines[name] = line
            key_path = path + (name,)
            lines[key_path] = line
            data[key] = _build(value_node, key_path, document, loader, seen)
            # the key's own line is where an editor looks, not the value's
            lines[key_path] = line
        return data
    raise _Unusual


def _record_lines(node: yaml.Node, path: Path_, document: YamlDocument) -> None:
    document.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                document.duplicate_keys.append((path + (key,), seen[key], line))
            seen[key] = line
            document.lines[path + (key,)] = line
            _record_lines(value_node, path + (key,), document)
            # the key's own line is where an editor looks, not the value's
            document.lines[path + (key,)] = line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, path + (index,), document)
