"""Strict, position-keeping YAML reading.

PyYAML's C composer gives a node tree with line/column on every node; we
turn it into a small tree of our own and decide every scalar's type
ourselves, so ``3`` stays the text "3" and ``no`` stays "no". Duplicate keys,
anchors/aliases and tab indentation are reported, never silently accepted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ..diagnostics import Diagnostic, SourcePos

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - the C extension ships in PyYAML wheels
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


@dataclass(slots=True)
class YScalar:
    value: str
    pos: SourcePos
    plain: bool  # unquoted; matters for booleans and null


@dataclass(slots=True)
class YSeq:
    items: list["YNode"]
    pos: SourcePos


@dataclass(slots=True)
class YMap:
    # key -> (key position, value); insertion-ordered as in the file
    entries: dict[str, tuple[SourcePos, "YNode"]] = field(default_factory=dict)
    pos: SourcePos = SourcePos("")


YNode = YScalar | YSeq | YMap


def _pos(file: str, mark: yaml.Mark) -> SourcePos:
    return SourcePos(file, mark.line + 1, mark.column + 1)


def _flow_depth_exceeds(text: str, limit: int) -> bool:
    # The C composer recurses per nesting level; refuse pathological input
    # before handing it over. Block nesting is bounded by indentation width.
    if text.count("[") + text.count("{") < limit:
        return False
    depth = 0
    for ch in text:
        if ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def parse(text: str, file: str, diags: list[Diagnostic]) -> YNode | None:
    """Parse one YAML document; record problems in ``diags``."""
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        diags.append(Diagnostic("GP108", "the file is empty; it must hold a YAML mapping", SourcePos(file, 1, 1)))
        return None
    for m in _TAB_INDENT.finditer(text):
        line = text.count("\n", 0, m.start()) + 1
        col = m.end() - m.start()
        diags.append(Diagnostic("GP106", "tab character in indentation; indent with spaces", SourcePos(file, line, col)))
    if _flow_depth_exceeds(text, MAX_DEPTH):
        diags.append(Diagnostic("GP109", f"nesting deeper than {MAX_DEPTH} levels", SourcePos(file, 1, 1)))
        return None
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        pos = _pos(file, mark) if mark else SourcePos(file, 1, 1)
        problem = exc.problem or "invalid YAML"
        ctx = f" ({exc.context})" if exc.context else ""
        diags.append(Diagnostic("GP101", f"YAML syntax error: {problem}{ctx}", pos))
        return None
    except (yaml.YAMLError, RecursionError) as exc:
        diags.append(Diagnostic("GP101", f"YAML syntax error: {exc}", SourcePos(file, 1, 1)))
        return None
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        diags.append(Diagnostic("GP108", "the file is empty; it must hold a YAML mapping", SourcePos(file, 1, 1)))
        return None
    if len(nodes) > 1:
        diags.append(Diagnostic("GP101", "more than one YAML document ('---'); keep one per file",
                                _pos(file, nodes[1].start_mark)))
    if "&" in text:
        _report_anchors(text, file, diags)
    return _convert(nodes[0], file, diags, set(), 0)


def _report_anchors(text: str, file: str, diags: list[Diagnostic]) -> None:
    for event in yaml.parse(text, Loader=_Loader):
        anchor = getattr(event, "anchor", None)
        if anchor and not isinstance(event, yaml.AliasEvent):
            diags.append(Diagnostic("GP105", f"anchor '&{anchor}': anchors and aliases are not allowed; "
                                    "write the value out", _pos(file, event.start_mark)))


def _convert(node: yaml.Node, file: str, diags: list[Diagnostic], seen: set[int], depth: int) -> YNode | None:
    pos = _pos(file, node.start_mark)
    if id(node) in seen:
        # The composer resolved an alias to a node we already visited.
        diags.append(Diagnostic("GP105", "alias ('*name'): anchors and aliases are not allowed; "
                                "write the value out", pos))
        return None
    if depth > MAX_DEPTH:
        diags.append(Diagnostic("GP109", f"nesting deeper than {MAX_DEPTH} levels", pos))
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
            diags.append(Diagnostic("GP104", "a mapping key must be plain text", kpos))
            continue
        if knode.tag == "tag:yaml.org,2002:merge":
            diags.append(Diagnostic("GP105", "merge key '<<' is not allowed; write the keys out", kpos))
            continue
        key = knode.value
        if key in out.entries:
            first = out.entries[key][0]
            diags.append(Diagnostic("GP102", f"duplicate key '{key}' (first defined at line {first.line}); "
                                    "remove one of them", kpos))
            continue
        value = _convert(vnode, file, diags, seen, depth + 1)
        if value is not None:
            out.entries[key] = (kpos, value)
    return out
