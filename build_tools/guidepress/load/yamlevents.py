"""The fast path of YAML reading: our node tree straight from libyaml's events.

The careful path in ``yamltree.parse`` walks the event stream once (limits,
anchors), lets the C composer build PyYAML nodes (which calls back into
Python to resolve the tag of every scalar, a tag we never use) and then
converts those nodes. For the common file (no anchors or aliases, within the
limits) one pass over the events gives the same tree and the same
diagnostics in well under half the time.

Anything unusual (an anchor, an alias, a tag, nesting or size beyond the limits)
returns None and the careful path decides, so the two never disagree on
those files. A YAML syntax error is raised at the same event as in the
careful path's own first pass. tests/test_yaml_fastpath.py compares both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import yaml
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from ..diagnostics import Diagnostic, SourcePos
from . import messages

MERGE_TAG = "tag:yaml.org,2002:merge"
# Tags that change nothing in how a value is read: none, the non-specific "!",
# and "!!str" (every value is read as text anyway). The merge key has its own
# diagnostic (GP105).
_PLAIN_TAGS = frozenset({None, "!", "tag:yaml.org,2002:str", MERGE_TAG})


def plain_tag(tag: str | None) -> bool:
    """Whether a node with ``tag`` reads as it is written (any other tag is GP112)."""
    return tag in _PLAIN_TAGS


class _Unusual(Exception):
    """Leave this file to the careful path."""


@dataclass(slots=True)
class Built:
    """The first document's tree (None when the file holds no document) and the problems found."""

    root: Any
    diags: list[Diagnostic]


class _Builder:
    def __init__(
        self, text: str, file: str, loader: type, max_depth: int, max_nodes: int, node_types: tuple[type, type, type]
    ) -> None:
        self.parser = loader(text)
        self.get: Callable[[], yaml.Event] = self.parser.get_event
        self.file = file
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.nodes = 0
        self.diags: list[Diagnostic] = []
        self.YScalar, self.YSeq, self.YMap = node_types

    def pos(self, ev: yaml.Event) -> SourcePos:
        mark = ev.start_mark
        if mark is None:  # PyYAML's types allow an event without a place; libyaml gives every event one
            return SourcePos(self.file)
        return SourcePos(self.file, mark.line + 1, mark.column + 1)

    def next(self) -> yaml.Event:
        ev = self.get()
        cls = ev.__class__
        if cls is ScalarEvent or cls is MappingStartEvent or cls is SequenceStartEvent:
            self.nodes += 1
            # cast, not isinstance: the class test above is the fast one
            node = cast(ScalarEvent | MappingStartEvent | SequenceStartEvent, ev)
            if node.anchor is not None or node.tag not in _PLAIN_TAGS or self.nodes > self.max_nodes:
                raise _Unusual
        elif cls is AliasEvent:
            raise _Unusual
        return ev

    def node(self, ev: yaml.Event, depth: int) -> Any:
        """The node that ``ev`` starts; ``depth`` collections enclose it."""
        cls = ev.__class__
        if cls is ScalarEvent:
            scalar = cast(ScalarEvent, ev)
            return self.YScalar(scalar.value, self.pos(ev), not scalar.style)
        if depth >= self.max_depth:
            raise _Unusual
        if cls is SequenceStartEvent:
            items = []
            pos = self.pos(ev)
            while (ev := self.next()).__class__ is not SequenceEndEvent:
                items.append(self.node(ev, depth + 1))
            return self.YSeq(items, pos)
        out = self.YMap(pos=self.pos(ev))
        entries = out.entries
        while (kev := self.next()).__class__ is not MappingEndEvent:
            kpos = self.pos(kev)
            if kev.__class__ is not ScalarEvent:
                self.skip(kev, depth + 1)
                self.skip(self.next(), depth + 1)
                self.diags.append(messages.key_not_text(kpos))
                continue
            if kev.tag == MERGE_TAG or (kev.value == "<<" and kev.implicit[0] and kev.tag in (None, "!")):
                self.diags.append(messages.merge_key(kpos))
                self.skip(self.next(), depth + 1)
                continue
            key = kev.value
            if key in entries:
                self.diags.append(messages.duplicate_key(key, entries[key][0], kpos))
                self.skip(self.next(), depth + 1)
                continue
            entries[key] = (kpos, self.node(self.next(), depth + 1))
        return out

    def skip(self, ev: yaml.Event, depth: int) -> None:
        """Read past the node ``ev`` starts (still counted and checked like any other)."""
        if ev.__class__ is ScalarEvent:
            return
        if depth >= self.max_depth:
            raise _Unusual
        while not isinstance(ev := self.next(), CollectionEndEvent):
            self.skip(ev, depth + 1)

    def stream(self) -> Built:
        root = None
        documents = 0
        second: SourcePos | None = None
        while (ev := self.get()).__class__ is not StreamEndEvent:
            if ev.__class__ is not DocumentStartEvent:
                continue  # stream start, document end
            ev = self.next()
            # An explicit but empty document ('---' alone) reads as a plain empty scalar.
            if ev.__class__ is ScalarEvent and not ev.value and not ev.style:
                continue
            documents += 1
            if documents == 1:
                root = self.node(ev, 0)
            else:
                second = second or self.pos(ev)
                self.skip(ev, 0)
        if documents == 0:
            return Built(None, [messages.empty_file(self.file)])
        if second is not None:
            self.diags.insert(0, messages.second_document(second))
        return Built(root, self.diags)


def build(
    text: str, file: str, loader: type, *, max_depth: int, max_nodes: int, node_types: tuple[type, type, type]
) -> Built | None:
    """The tree of ``text`` and its diagnostics, or None when the careful path must decide.

    ``node_types`` is (YScalar, YSeq, YMap), passed in by yamltree to keep
    the imports one-way. YAML syntax errors propagate.
    """
    builder = _Builder(text, file, loader, max_depth, max_nodes, node_types)
    try:
        return builder.stream()
    except _Unusual:
        return None
    finally:
        builder.parser.dispose()
