"""The source format as data: which keys each kind of object accepts.

``SPECS`` is the single list of accepted keys; docs/format.md documents the
same list and a test keeps the two in step.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..diagnostics import Code, Diagnostic, SourcePos
from ..text import anchor_problem, markup_problem
from . import messages
from .choices import CHOICES as _CHOICES
from .choices import KIND_WORDS as _KIND_WORDS
from .codes import INVALID_ID, INVALID_VALUE, RAW_HTML, REQUIRED_KEY, TEXT_ANCHOR, UNKNOWN_KEY
from .yamltree import YMap, YNode, YScalar, YSeq

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A well-formed BCP 47 language tag (RFC 5646 langtag): language, extlang,
# script, region, variants, extensions, private use. Whether the theme has a
# translation for it is checks/language.py's question.
LANGUAGE_TAG = re.compile(
    r"^(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})(?:-[A-Za-z]{4})?"
    r"(?:-(?:[A-Za-z]{2}|\d{3}))?(?:-(?:[A-Za-z\d]{5,8}|\d[A-Za-z\d]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z\d]{2,8})+)*(?:-[Xx](?:-[A-Za-z\d]{1,8})+)?$"
)

# Field kinds: "text", "slug", "bool", "date", "language", "tone", "severity", "url",
# "list:<kind>", "map:text" (mapping of text to text), "obj:<spec>", "rows" (lists of text).


@dataclass(frozen=True, slots=True)
class Field:
    kind: str
    required: bool = False


SPECS: dict[str, dict[str, Field]] = {
    "guideline": {
        "id": Field("slug", True),
        "title": Field("text", True),
        "short_title": Field("text"),
        "publisher": Field("text", True),
        "copyright": Field("text"),
        "version": Field("text", True),
        "date": Field("date"),
        "next_review": Field("date"),
        "language": Field("language", True),
        "translations": Field("list:language"),
        "website": Field("url"),
        "grading": Field("list:slug", True),
        "lead_scheme": Field("slug"),
        "grade_format": Field("text"),
        "citation_style": Field("text"),
        "kinds": Field("list:obj:kind"),
        "chapters": Field("list:slug", True),
        "previous_release": Field("text"),
        "review_interval": Field("text"),
    },
    "scheme": {
        "id": Field("slug", True),
        "label": Field("text", True),
        "name": Field("text", True),
        "group": Field("text"),
        "description": Field("text"),
        "source": Field("text"),
        "uri": Field("url"),
        "citation": Field("text"),
        "format": Field("text"),
        "required": Field("bool"),
        "applies_to": Field("list:slug"),
        "kinds": Field("list:obj:kind"),
        "codes": Field("list:obj:code", True),
        "rules": Field("list:obj:rule"),
    },
    "kind": {
        "id": Field("slug", True),
        "label": Field("text", True),
        "graded": Field("bool"),
        "description": Field("text"),
    },
    "code": {
        "code": Field("text", True),
        "meaning": Field("text", True),
        "spoken": Field("text"),
        "tone": Field("tone"),
    },
    "rule": {
        "code": Field("text", True),
        "scheme": Field("slug", True),
        "at_least": Field("text", True),
        "severity": Field("severity"),
        "message": Field("text"),
    },
    "chapter": {
        "id": Field("slug", True),
        "title": Field("text", True),
        "subtitle": Field("text"),
        "authors": Field("list:obj:author_group"),
        "topics": Field("list:text"),
        "see_also": Field("list:obj:see_also"),
        "wording": Field("list:obj:wording"),
        "glossary": Field("list:obj:glossary_entry"),
        "references": Field("list:obj:reference_group"),
        "sections": Field("list:obj:section", True),
    },
    "author_group": {
        "versions": Field("text", True),
        "names": Field("list:text", True),
    },
    "see_also": {
        "chapter": Field("slug", True),
        "title": Field("text", True),
        "external": Field("bool"),
    },
    "wording": {
        "term": Field("text", True),
        "intro": Field("text"),
        "synonyms": Field("list:obj:glossary_entry", True),
    },
    "glossary_entry": {
        "term": Field("text", True),
        "expansion": Field("text", True),
    },
    "reference_group": {
        "title": Field("text"),
        "statement": Field("slug"),
        "refs": Field("list:text", True),
        "editorial_notes": Field("list:text"),
    },
    "section": {
        "id": Field("slug", True),
        "title": Field("text", True),
        "subtitle": Field("text"),
        "condition": Field("text"),
        "recommendations": Field("list:obj:recommendation"),
        "footnotes": Field("list:obj:footnote"),
        "notes": Field("list:text"),
        "tables": Field("list:obj:table"),
        "quotes": Field("list:obj:quote"),
        "references": Field("list:obj:reference_group"),
        "glossary": Field("list:obj:glossary_entry"),
        "editorial_notes": Field("list:text"),
    },
    "recommendation": {
        "id": Field("slug", True),
        "text": Field("text"),
        "condition": Field("text"),
        "kind": Field("slug"),
        "replaces": Field("slug"),
        "status": Field("editorial_status"),
        "reviewed": Field("text"),
        "grades": Field("map:text"),
        "footnotes": Field("list:text"),
        "details": Field("list:text"),
        "children": Field("list:obj:recommendation"),
    },
    "footnote": {
        "marker": Field("text", True),
        "text": Field("text", True),
    },
    "table": {
        "id": Field("slug", True),
        "title": Field("text"),
        "columns": Field("list:text", True),
        "rows": Field("rows", True),
        "notes": Field("list:text"),
        "editorial_notes": Field("list:text"),
    },
    # A scheme preset shipped with guidepress (resources/presets/<name>/preset.yml).
    "preset": {
        "title": Field("text", True),
        "description": Field("text"),
        "grading": Field("list:slug", True),
        "grade_format": Field("text"),
    },
    "quote": {
        "id": Field("slug", True),
        "text": Field("text", True),
        "source": Field("text", True),
        "grading": Field("text"),
    },
}


def _describe(kind: str) -> str:
    if kind.startswith("list:"):
        return "a list"
    if kind.startswith("obj:"):
        return "a mapping"
    return _KIND_WORDS.get(kind, kind)


def _node_kind(node: YNode) -> str:
    return {YScalar: "text", YSeq: "a list", YMap: "a mapping"}[type(node)]


# Kinds read from a single scalar (the others are lists, objects, rows and maps).
_SCALAR_KINDS = frozenset({"text", "slug", "bool", "date", "language", "url", "cell", *_CHOICES})
# Kinds the pages print as written, so they must hold no markup.
_PRINTED_KINDS = frozenset({"text", "cell"})


@lru_cache(maxsize=1024)
def _quoted(key: str) -> str:
    """How a key is named in messages; keys repeat, so the text is made once each."""
    return f"'{key}'"


@dataclass(slots=True)
class Obj:
    """A checked mapping: values by key, with the positions of object and keys."""

    spec: str
    pos: SourcePos
    values: dict[str, Any]
    key_pos: dict[str, SourcePos]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def vpos(self, key: str) -> SourcePos:
        return self.key_pos.get(key, self.pos)


@dataclass(slots=True)
class Text:
    """A scalar read as text, with its position."""

    value: str
    pos: SourcePos


@dataclass(slots=True)
class Row:
    """A table row: its cells, and where the row is written (a problem with the row is reported there)."""

    cells: list[Text]
    pos: SourcePos


def read_object(node: YNode, spec: str, where: str) -> tuple[Obj | None, list[Diagnostic]]:
    """``node`` checked against ``SPECS[spec]`` (``where`` names it in messages), and the problems found."""
    reader = _Reader()
    return reader.read(node, spec, where), reader.diags


class _Reader:
    """One object's reading; its problems collect in ``diags``."""

    def __init__(self) -> None:
        self.diags: list[Diagnostic] = []

    def error(self, code: Code, msg: str, pos: SourcePos) -> None:
        self.diags.append(code.at(pos, msg))

    def read(self, node: YNode, spec: str, where: str) -> Obj | None:
        if not isinstance(node, YMap):
            self.diags.append(messages.wrong_kind(where, "a mapping", _node_kind(node), node.pos))
            return None
        fields = SPECS[spec]
        obj = Obj(spec, node.pos, {}, {})
        for key, (kpos, value) in node.entries.items():
            field = fields.get(key)
            if field is None:
                close = sorted(fields)
                self.error(UNKNOWN_KEY, f"unknown key '{key}' in {where}; allowed keys: {', '.join(close)}", kpos)
                continue
            obj.key_pos[key] = kpos
            conv = self._value(value, field.kind, _quoted(key))
            if conv is not None:
                obj.values[key] = conv
        for key, field in fields.items():
            if field.required and key not in node.entries:
                self.error(REQUIRED_KEY, f"{where} is missing required key '{key}'", node.pos)
        return obj

    def _value(self, node: YNode, kind: str, where: str) -> Any:
        if kind in _SCALAR_KINDS:
            return self._scalar(node, kind, where)
        if kind.startswith("list:"):
            inner = kind[5:]
            if not isinstance(node, YSeq):
                self.diags.append(messages.wrong_kind(where, _describe(kind), _node_kind(node), node.pos))
                return None
            out = []
            item_where = f"an item of {where}"
            convert = self._scalar if inner in _SCALAR_KINDS else self._value
            for item in node.items:
                conv = convert(item, inner, item_where)
                if conv is not None:
                    out.append(conv)
            return out
        if kind.startswith("obj:"):
            return self.read(node, kind[4:], f"{where}")
        if kind == "rows":
            if not isinstance(node, YSeq):
                self.diags.append(messages.wrong_kind(where, _describe(kind), _node_kind(node), node.pos))
                return None
            rows = ((self._value(row, "list:cell", "a table row"), row.pos) for row in node.items)
            return [Row(cells, pos) for cells, pos in rows if cells is not None]
        if kind == "map:text":
            if not isinstance(node, YMap):
                self.diags.append(messages.wrong_kind(where, "a mapping", _node_kind(node), node.pos))
                return None
            out_map: dict[str, tuple[SourcePos, Text]] = {}
            for key, (kpos, value) in node.entries.items():
                conv = self._scalar(value, "text", _quoted(key), messages.sign_list_hint(value, key))
                if conv is not None:
                    out_map[key] = (kpos, conv)
            return out_map
        return self._scalar(node, kind, where)

    def _scalar(self, node: YNode, kind: str, where: str, hint: str = "") -> Any:
        if not isinstance(node, YScalar):
            self.diags.append(messages.wrong_kind(where, _describe(kind), _node_kind(node), node.pos, hint))
            return None
        value = node.value
        if kind in _PRINTED_KINDS and (problem := self._text_problem(value, node.pos)):
            self.diags.append(problem)
            # A dropped cell would shift the row and add a false GP209; the
            # error already stops any output, so the cell keeps its place.
            return Text(value.strip(), node.pos) if kind == "cell" else None
        if kind == "cell":
            # Empty cells are legitimate in a table (a spanning cell in the source).
            return Text(value.strip(), node.pos)
        if node.plain and value in ("", "~", "null", "Null", "NULL"):
            self.diags.append(messages.empty_value(where, _describe(kind), node.pos))
            return None
        if kind == "bool":
            if node.plain and value in ("true", "false"):
                return value == "true"
            self.diags.append(messages.wrong_kind(where, "true or false", f"'{value}'", node.pos))
            return None
        value = value.strip()
        if not value:
            self.diags.append(messages.empty_value(where, _describe(kind), node.pos))
            return None
        if kind == "slug" and not SLUG.match(value):
            self.error(
                INVALID_ID,
                f"{where} '{value}' is not a valid id: use lower-case letters, digits "
                "and single hyphens (e.g. 'liver-metastases')",
                node.pos,
            )
            return None
        if kind == "date" and (not_a_date := _date_problem(value)):
            self.error(INVALID_VALUE, f"{where} '{value}' {not_a_date}", node.pos)
            return None
        if kind == "language" and not LANGUAGE_TAG.match(value):
            self.error(
                INVALID_VALUE,
                f"{where} '{value}' is not a BCP 47 language tag; write e.g. en, de "
                "or de-CH (language, then region, joined by '-')",
                node.pos,
            )
            return None
        if kind in _CHOICES and value not in _CHOICES[kind][0]:
            choices, noun, allowed = _CHOICES[kind]
            self.error(INVALID_VALUE, f"{where} '{value}' is not {noun}; use {allowed}", node.pos)
            return None
            return None
        if kind == "url" and not value.startswith(("https://", "http://")):
            self.error(INVALID_VALUE, f"{where} '{value}' is not a URL; start it with https://", node.pos)
            return None
        if kind == "url" and (anchor := anchor_problem(value)):
            self.error(TEXT_ANCHOR, anchor, node.pos)  # the home page prints the address as text too
            return None
        return Text(value, node.pos)

    @staticmethod
    def _text_problem(value: str, pos: SourcePos) -> Diagnostic | None:
        if problem := markup_problem(value):
            return RAW_HTML.at(pos, problem)
        if problem := anchor_problem(value):
            return TEXT_ANCHOR.at(pos, problem)
        return None


def _date_problem(value: str) -> str | None:
    """Why ``value`` is no date (the rest of a message naming it), or None."""
    if not DATE.match(value):
        return "is not a date; write YYYY-MM-DD"
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return "is not a day of the calendar (check the month and the day); write YYYY-MM-DD"
    return None
