"""A reader's answer for one item, and the report made of them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .carried import Item

#: True: found. False or a note (" (the export has '+')", maybe empty): not found.
Found = bool | str


def report(items: Sequence[Item], found: Callable[[Item], Found]) -> list[str]:
    """What is missing of ``items``, in their order, each with the reader's note."""
    out = []
    for item in items:
        note = found(item)
        if note is not True:
            out.append(item.missing(note or ""))
    return out
