"""A small HTML tree for reading the built site back.

The standard library's html.parser, with a node per element: enough to find
an element by id or class and read its text, and several times faster than
a full HTML5 tree builder on the site's pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html.parser import HTMLParser

_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


class Node:
    """An element: its tag, attributes, children (elements and text) and parent."""

    __slots__ = ("tag", "attrs", "children", "parent")

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None) -> None:
        self.tag = tag
        self.attrs = attrs
        self.children: list[Node | str] = []
        self.parent = parent

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self, skip: Callable[[Node], bool] | None = None) -> str:
        """The text inside, without that of descendants ``skip`` is true of."""
        parts: list[str] = []
        stack: list[Node | str] = [self]
        while stack:
            n = stack.pop()
            if isinstance(n, str):
                parts.append(n)
            elif n is self or skip is None or not skip(n):
                stack.extend(reversed(n.children))
        return "".join(parts)

    def find_all(self, pred: Callable[[Node], bool]) -> Iterator[Node]:
        """Descendant elements ``pred`` is true of, in document order."""
        stack: list[Node | str] = list(reversed(self.children))
        while stack:
            n = stack.pop()
            if isinstance(n, Node):
                if pred(n):
                    yield n
                stack.extend(reversed(n.children))

    def find(self, pred: Callable[[Node], bool]) -> Node | None:
        return next(self.find_all(pred), None)


def tag(name: str) -> Callable[[Node], bool]:
    return lambda n: n.tag == name


def has_class(name: str) -> Callable[[Node], bool]:
    return lambda n: name in n.classes


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.ids: dict[str, Node] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, self.current)
        self.current.children.append(node)
        if "id" in node.attrs:
            self.ids.setdefault(node.attrs["id"], node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.current = self.current.parent or self.root

    def handle_endtag(self, tag: str) -> None:
        n: Node | None = self.current
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.current = n.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(text: str) -> tuple[Node, dict[str, Node]]:
    """A small DOM: the document node and id -> element."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root, builder.ids
