"""Strict, position-keeping YAML reading.

PyYAML's C composer gives a node tree with line/column on every node; we
turn it into a small tree of our own and decide every scalar's type
ourselves, so ``3`` stays the text "3" and ``no`` stays "no". Duplicate keys,
anchors/aliases, tags (``!include``), tab indentation and invisible
characters are reported, never silently accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

import yaml

from ..diagnostics import Diagnostic, SourcePos
from . import messages, yamlevents
from .characters import YAML_ESCAPE, escaped_invisible, invisible_characters
from .codes import ANCHOR_ALIAS, TAB_INDENT, TOO_LARGE, YAML_SYNTAX, YAML_TAG

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - the C extension ships in PyYAML wheels
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
MAX_NODES = 200_000  # the default chapter has under 2,000
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)
# A line with something other than blanks and a comment (no splitlines(): a
# 20 MB file of short lines would cost hundreds of megabytes).
_CONTENT = re.compile(r"^[^\S\n]*[^\s#]", re.MULTILINE)


@dataclass(slots=True)
class YScalar:
    value: str
    pos: SourcePos
    plain: bool  # unquoted; matters for booleans and null


@dataclass(slots=True)
class YSeq:
    items: list[YNode]
    pos: SourcePos


@dataclass(slots=True)
class YMap:
    # key -> (key position, value); insertion-ordered as in the file
    entries: dict[str, tuple[SourcePos, YNode]] = field(default_factory=dict)
    pos: SourcePos = SourcePos("")


YNode = YScalar | YSeq | YMap


class _Mark(Protocol):  # PyYAML's pure-Python and C marks
    line: int
    column: int


def _pos(file: str, mark: _Mark | None) -> SourcePos:
    if mark is None:  # PyYAML's types allow an event without a place; libyaml gives every event one
        return SourcePos(file)
    return SourcePos(file, mark.line + 1, mark.column + 1)


def _scan(text: str, file: str, diags: list[Diagnostic]) -> bool:
    """Walk libyaml's event stream once, before anything is built.

    Events stream in bounded memory, so this is where input is refused that
    the composer cannot take: nesting deeper than MAX_DEPTH (the C composer
    recurses once per level) and more than MAX_NODES nodes (a composed node
    costs about half a kilobyte; a 20 MB list would take gigabytes and
    minutes). Anchors and aliases are reported here, each where it is written;
    they are never expanded. So are tags (the value is kept as written, so
    that nothing is dropped). False when the input must not be composed.
    """
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            nodes += 1
            diags.append(
                ANCHOR_ALIAS.at(
                    _pos(file, event.start_mark),
                    f"alias '*{event.anchor}': anchors and aliases are not allowed; write the value out",
                )
            )
        elif isinstance(event, yaml.NodeEvent):
            nodes += 1
            if event.anchor:
                diags.append(
                    ANCHOR_ALIAS.at(
                        _pos(file, event.start_mark),
                        f"anchor '&{event.anchor}': anchors and aliases are not allowed; write the value out",
                    )
                )
            if not yamlevents.plain_tag(tag := getattr(event, "tag", None)):
                diags.append(
                    YAML_TAG.at(
                        _pos(file, event.start_mark),
                        f"YAML tag '{tag}' is not "
                        "allowed: guidepress reads every value as plain text and includes no "
                        "files; remove the tag",
                    )
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    diags.append(messages.too_deep(MAX_DEPTH, _pos(file, event.start_mark)))
                    return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if nodes > MAX_NODES:
            diags.append(
                TOO_LARGE.at(
                    _pos(file, event.start_mark),
                    f"more than {MAX_NODES} YAML values; split the file or remove the repeated content",
                )
            )
            return False
    return True


def _tab_indents(text: str, file: str) -> list[Diagnostic]:
    return [
        TAB_INDENT.at(
            SourcePos(file, text.count("\n", 0, m.start()) + 1, m.end() - m.start()),
            "tab character in indentation; indent with spaces",
        )
        for m in _TAB_INDENT.finditer(text)
    ]


def _error_pos(exc: yaml.YAMLError, text: str, file: str) -> SourcePos:
    if isinstance(exc, yaml.MarkedYAMLError) and (exc.problem_mark or exc.context_mark):
        return _pos(file, exc.problem_mark or exc.context_mark)
    if isinstance(exc, yaml.reader.ReaderError):
        # A control character (NUL, BEL...): libyaml gives its offset only.
        at = min(max(exc.position, 0), len(text))
        return SourcePos(file, text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1)
    return SourcePos(file, 1, 1)


def _error_message(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        ctx = f" ({exc.context})" if exc.context else ""
        return f"YAML syntax error: {exc.problem or 'invalid YAML'}{ctx}"
    if isinstance(exc, yaml.reader.ReaderError):
        return f"YAML syntax error: character {exc.character!r} is not allowed ({exc.reason})"
    return f"YAML syntax error: {exc}"


def parse(text: str, file: str) -> tuple[YNode | None, list[Diagnostic]]:
    """Parse one YAML document: its tree (None when there is none to use) and the problems found."""
    if not _CONTENT.search(text):
        return None, [messages.empty_file(file)]
    diags = _tab_indents(text, file) + invisible_characters(text, file)
    tab_lines = {d.pos.line for d in diags}
    try:
        # One pass over the events for the common file; anchors, aliases and
        # limits exceeded fall through to the careful path below.
        built = yamlevents.build(
            text, file, _Loader, max_depth=MAX_DEPTH, max_nodes=MAX_NODES, node_types=(YScalar, YSeq, YMap)
        )
        if built is not None:
            return built.root, diags + built.diags + _escaped(built.root, text, diags)
        if not _scan(text, file, diags):
            return None, diags
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except (yaml.YAMLError, RecursionError) as exc:
        pos = _error_pos(exc, text, file) if isinstance(exc, yaml.YAMLError) else SourcePos(file, 1, 1)
        problem = getattr(exc, "problem", None) or ""
        if "maximum nesting depth" in problem or isinstance(exc, RecursionError):
            # libyaml's own limit (1000 levels): its scanner reads a flow
            # collection ahead, so '[[[[...' stops there before _scan does.
            diags.append(messages.too_deep(MAX_DEPTH, pos))
        elif pos.line in tab_lines or problem == "found undefined alias":
            pass  # GP106 (a tab breaks the line) or GP105 (the alias) already says why
        else:
            diags.append(YAML_SYNTAX.at(pos, _error_message(exc) + messages.bare_dash_hint(exc, text)))
        return None, diags
    # An explicit but empty document ('---' alone) composes to a plain empty scalar.
    nodes = [n for n in nodes if n is not None and not (isinstance(n, yaml.ScalarNode) and not n.value and not n.style)]
    if not nodes:
        return None, diags + [messages.empty_file(file)]
    if len(nodes) > 1:
        diags.append(messages.second_document(_pos(file, nodes[1].start_mark)))
    root = _convert(nodes[0], file, diags, set(), 0)
    return root, diags + _escaped(root, text, diags)


def _escaped(root: YNode | None, text: str, found: list[Diagnostic]) -> list[Diagnostic]:
    """GP113 for the quoted values that spell an invisible character as an escape
    (looked for only in a file that has an escape; a value on a line where the
    character was found as written is already reported)."""
    if root is None or not YAML_ESCAPE.search(text):
        return []
    seen = {d.pos.line for d in found}
    out: list[Diagnostic] = []
    stack: list[YNode] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, YScalar):
            if not node.plain and node.pos.line not in seen and (d := escaped_invisible(node.value, node.pos)):
                out.append(d)
        elif isinstance(node, YSeq):
            stack.extend(node.items)
        else:
            stack.extend(value for _, value in node.entries.values())
    return out


def _convert(node: yaml.Node, file: str, diags: list[Diagnostic], seen: set[int], depth: int) -> YNode | None:
    pos = _pos(file, node.start_mark)
    if id(node) in seen:
        # An alias the composer resolved to a node already visited: _scan
        # reported it where it is written; do not expand it (billion laughs).
        return None
    if depth > MAX_DEPTH:
        diags.append(messages.too_deep(MAX_DEPTH, pos))
        return None
    if isinstance(node, yaml.ScalarNode):
        return YScalar(node.value, pos, not node.style)
    seen.add(id(node))
    if isinstance(node, yaml.SequenceNode):
        items = []
        for child in node.value:
            conv = _convert(child, file, diags, seen, depth + 1)
            if conv is not None:
                items.append(conv)
        return YSeq(items, pos)
    assert isinstance(node, yaml.MappingNode)
    out = YMap(pos=pos)
    for knode, vnode in node.value:
        kpos = _pos(file, knode.start_mark)
        if not isinstance(knode, yaml.ScalarNode):
            diags.append(messages.key_not_text(kpos))
            continue
        if knode.tag == "tag:yaml.org,2002:merge":
            diags.append(messages.merge_key(kpos))
            continue
        key = knode.value
        if key in out.entries:
            diags.append(messages.duplicate_key(key, out.entries[key][0], kpos))
            continue
        value = _convert(vnode, file, diags, seen, depth + 1)
        if value is not None:
            out.entries[key] = (kpos, value)
    return out
