"""A strict YAML reader: line numbers, no duplicate keys, no anchors or aliases, no explicit tags
(`!!omap`, `!!binary`, `!!python/...`: a node must be what it would be untagged), integers of at
most MAX_DIGITS digits, dates only as YYYY-MM-DD, YAML 1.2 booleans.

Uses PyYAML's C parser when it is installed (about ten times faster), else the pure-Python one.
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader


class YamlProblem(Exception):
    """A problem at a line of the file (1-based; None when unknown)."""

    def __init__(self, message: str, line: int | None):
        super().__init__(message)
        self.message = message
        self.line = line


class Mapping(dict):
    """A dict that remembers the line of itself and of each key."""

    line: int | None = None
    lines: dict

    def line_of(self, key) -> int | None:
        return self.lines.get(key, self.line)


class Sequence(list):
    """A list that remembers its line and the line of each item."""

    line: int | None = None
    lines: list


MAX_DIGITS = 100   # no data file needs a longer number; Python refuses ints over 4,300 digits
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")


class _Loader(_BaseLoader):
    pass


# YAML 1.2 booleans only: `NO` (Norway's alpha-2 code) and `yes`/`on` stay strings.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}
for _first in "tTfF":
    _Loader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", _BOOL))


_ANCHORS = "anchors and aliases (&name, *name) are not allowed"


def _line(node) -> int:
    return node.start_mark.line + 1


def _construct_object(self, node, deep=False):
    if node in self.constructed_objects or node in self.recursive_objects:
        raise YamlProblem(_ANCHORS, _line(node))
    if isinstance(node, yaml.ScalarNode):
        plain = not node.style   # '' (C parser) or None (Python parser) for a plain scalar
        untagged = self.resolve(yaml.ScalarNode, node.value, (plain, not plain))
    else:
        untagged = self.resolve(type(node), None, (True, False))
    if node.tag != untagged:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise YamlProblem(f"tag {tag!r} is not allowed; write the plain value", _line(node))
    return _BaseLoader.construct_object(self, node, deep=True)


def _construct_mapping(self, node, deep=False):
    if not isinstance(node, yaml.MappingNode):
        raise YamlProblem("expected a mapping", _line(node))
    result = Mapping()
    result.line = _line(node)
    result.lines = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise YamlProblem("merge keys (<<) are not allowed", _line(key_node))
        key = self.construct_object(key_node)
        try:
            hash(key)
        except TypeError:
            raise YamlProblem("a mapping key must be a plain value", _line(key_node)) from None
        if key in result:
            raise YamlProblem(f"duplicate key {key!r}", _line(key_node))
        result[key] = self.construct_object(value_node)
        result.lines[key] = _line(key_node)
    return result


def _construct_sequence(self, node, deep=False):
    result = Sequence(self.construct_object(child) for child in node.value)
    result.line = _line(node)
    result.lines = [_line(child) for child in node.value]
    return result


def _construct_timestamp(self, node):
    text = self.construct_scalar(node)
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", text):
        raise YamlProblem(f"{text!r}: dates are YYYY-MM-DD, without a time", _line(node))
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise YamlProblem(f"{text} is not a real calendar date", _line(node)) from None


def _construct_int(self, node):
    text = self.construct_scalar(node)
    if len(text) > MAX_DIGITS:
        raise YamlProblem(f"a number of {len(text):,} characters; numbers in a data file have "
                          f"at most {MAX_DIGITS} digits", _line(node))
    return _BaseLoader.construct_yaml_int(self, node)


def _construct_undefined(self, node):
    raise YamlProblem(f"tag {node.tag!r} is not allowed", _line(node))


_Loader.construct_object = _construct_object
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_Loader.add_constructor(None, _construct_undefined)


#: collections nested deeper than this are refused before they are composed: libyaml's
#: composer recurses in C, and some 60,000 levels (a 60 KB file) overflow its stack
MAX_FLOW_DEPTH = 100
_BRACKET = re.compile(r"[\[\]{}]")


def _check_flow_depth(text: str) -> None:
    """Refuse `[`/`{` nested deeper than MAX_FLOW_DEPTH (counted over-generously: brackets in
    quoted text count too). One pass over the brackets only."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return
    depth = 0
    for match in _BRACKET.finditer(text):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                raise YamlProblem(f"nesting too deep (more than {MAX_FLOW_DEPTH} levels of "
                                  "[ or {)", text.count("\n", 0, match.start()) + 1)
        elif depth:
            depth -= 1


#: lines that could nest block collections deeply: many compact indicators ("- - - x",
#: "? ? x") or deep indentation; only such texts pay for the exact check below
_DEEP_BLOCK = re.compile(r"(?m)^ {100}|^ *(?:[-?:][ \t]+){10}")
_OPEN_EVENTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSE_EVENTS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_block_depth(text: str) -> None:
    """Refuse collections nested deeper than MAX_FLOW_DEPTH, counted exactly on the parser's
    events (libyaml's parser keeps an explicit stack; only its composer recurses)."""
    if not _DEEP_BLOCK.search(text):
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, _OPEN_EVENTS):
                depth += 1
                if depth > MAX_FLOW_DEPTH:
                    raise YamlProblem(f"nesting too deep (more than {MAX_FLOW_DEPTH} levels)",
                                      event.start_mark.line + 1)
            elif isinstance(event, _CLOSE_EVENTS):
                depth -= 1
    except yaml.YAMLError:
        return  # a syntax error: the full parse below reports it with its line


def load(text: str):
    """Parse YAML text strictly; raise YamlProblem with a 1-based line."""
    _check_flow_depth(text)
    _check_block_depth(text)
    try:
        data = yaml.load(text, Loader=_Loader)
        if "&" in text:   # an anchor no alias uses leaves no trace in the nodes: scan for it
            for token in yaml.scan(text, Loader=_BaseLoader):
                if isinstance(token, yaml.AnchorToken):
                    raise YamlProblem(_ANCHORS, token.start_mark.line + 1)
        return data
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        lines = text.splitlines()
        if line and line <= len(lines) and "\t" in lines[line - 1]:
            problem = "a tab character; YAML indents with spaces"
        raise YamlProblem(f"YAML syntax error: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"YAML error: {exc}".splitlines()[0], None) from None
    except RecursionError:
        raise YamlProblem("nesting too deep", None) from None
