"""An export (guideline.json) read back into the model, to be compared like a source.

The export carries every recommendation, grade, footnote, table, glossary
entry and reference list, and each scheme's codes with their rank, so a
release published without its sources compares like one checked from its
folder. References come back from their CSL-JSON items (render/csl.py's
mapping, inverted); ``through_csl`` sends a source's references through the
same mapping, so that a source and an export are compared on equal terms.
"""

from __future__ import annotations

from typing import Any

from ..bibfields import CSL_VARIABLES, NAME_FIELDS
from ..model import (
    AuthorGroup,
    Chapter,
    Cite,
    Code,
    Footnote,
    GlossaryEntry,
    Grade,
    GradeFormat,
    GradingScheme,
    Guideline,
    Kind,
    Quote,
    Recommendation,
    Reference,
    ReferenceGroup,
    Rule,
    Section,
    SeeAlso,
    Table,
    Wording,
)
from ..render.csl import CSL_TYPES, csl_item

READABLE_MAJOR = "1"
_CONTAINER = {"article": "journal"}  # container-title is booktitle for every other BibTeX type
_FROM_CSL: dict[str, str] = {}
for _bib, _csl in CSL_VARIABLES.items():  # the first BibTeX field of a CSL variable is its usual name
    if _csl not in ("container-title", "issued", "custom") and _bib not in NAME_FIELDS:
        _FROM_CSL.setdefault(_csl, _bib)
_FROM_TYPE: dict[str, str] = {csl: bib for bib, csl in reversed(CSL_TYPES.items())}


class ExportError(Exception):
    """The JSON is not a guidepress export; the message says where it stops being one."""


class _Obj:
    """A JSON object with the path that leads to it, for messages."""

    def __init__(self, value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise ExportError(f"{where} must be an object, found {_kind(value)}")
        self.value: dict[str, Any] = value
        self.where = where

    def text(self, key: str) -> str:
        value = self.value.get(key)
        if not isinstance(value, str):
            raise ExportError(f"{self.where}.{key} must be a string, found {_kind(value)}")
        return value

    def opt(self, key: str) -> str | None:
        value = self.value.get(key)
        if value is not None and not isinstance(value, str):
            raise ExportError(f"{self.where}.{key} must be a string or null, found {_kind(value)}")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        items = self.array(key)
        for i, item in enumerate(items):
            if not isinstance(item, str):
                raise ExportError(f"{self.where}.{key}[{i}] must be a string, found {_kind(item)}")
        return tuple(items)

    def array(self, key: str) -> list[Any]:
        value = self.value.get(key, [])
        if not isinstance(value, list):
            raise ExportError(f"{self.where}.{key} must be an array, found {_kind(value)}")
        return value

    def objs(self, key: str) -> list[_Obj]:
        return [_Obj(item, f"{self.where}.{key}[{i}]") for i, item in enumerate(self.array(key))]

    def obj(self, key: str) -> _Obj:
        return _Obj(self.value.get(key), f"{self.where}.{key}")


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def guideline_from_export(doc: Any) -> Guideline:
    if isinstance(doc, list):
        hint = " (references.json?)" if doc and isinstance(doc[0], dict) and "type" in doc[0] else ""
        raise ExportError(f"the file holds a JSON array{hint}, not an export: give guideline.json")
    root = _Obj(doc, "the document")
    generator = root.value.get("generator")
    if not isinstance(generator, dict) or generator.get("name") != "guidepress" or "chapters" not in root.value:
        raise ExportError(
            "it has no generator 'guidepress' and chapters: give the guideline.json that guidepress export writes"
        )
    version = root.value.get("schema_version")
    if not isinstance(version, str) or version.split(".")[0] != READABLE_MAJOR:
        raise ExportError(f"its schema_version {version!r} is not one this guidepress reads ({READABLE_MAJOR}.x)")
    meta = root.obj("guideline")
    template = meta.opt("grade_format")
    return Guideline(
        id=meta.text("id"),
        title=meta.text("title"),
        short_title=meta.opt("short_title"),
        publisher=meta.text("publisher"),
        copyright=meta.opt("copyright"),
        version=meta.text("version"),
        date=meta.opt("date"),
        language=meta.text("language"),
        website=meta.opt("website"),
        schemes=tuple(_scheme(s) for s in root.objs("grading")),
        chapters=tuple(_chapter(c) for c in root.objs("chapters")),
        references=tuple(_reference(r) for r in root.objs("references")),
        # The export lists every kind once, guideline.yml's and the schemes' alike.
        kinds=tuple(
            Kind(k.text("id"), k.text("label"), k.value.get("graded") is not False, k.opt("description"))
            for k in root.objs("kinds")
        ),
        grade_format=GradeFormat(template) if template is not None else None,
    )


def _scheme(s: _Obj) -> GradingScheme:
    codes = sorted(s.objs("codes"), key=_rank)
    applies = s.value.get("applies_to")
    return GradingScheme(
        s.text("id"),
        s.text("label"),
        s.text("name"),
        s.opt("group"),
        s.opt("description"),
        s.opt("source"),
        tuple(Code(c.text("code"), c.text("meaning"), c.text("spoken"), c.opt("tone")) for c in codes),
        tuple(
            Rule(
                r.text("code"),
                r.text("scheme"),
                r.text("at_least"),
                r.opt("message"),
                severity=r.opt("severity") or "error",
            )
            for r in s.objs("rules")
        ),
        required=s.value.get("required") is not False,
        applies_to=s.texts("applies_to") if applies is not None else None,
        uri=s.opt("uri"),
        citation=s.opt("citation"),
        format=GradeFormat(shape) if (shape := s.opt("format")) is not None else None,
    )


def _rank(code: _Obj) -> int:
    rank = code.value.get("rank")
    return rank if isinstance(rank, int) else 0


def _chapter(c: _Obj) -> Chapter:
    return Chapter(
        id=c.text("id"),
        title=c.text("title"),
        subtitle=c.opt("subtitle"),
        authors=tuple(AuthorGroup(a.text("versions"), a.texts("names")) for a in c.objs("authors")),
        topics=c.texts("topics"),
        see_also=tuple(
            SeeAlso(s.text("chapter"), s.text("title"), s.value.get("external") is True) for s in c.objs("see_also")
        ),
        wording=tuple(Wording(w.text("term"), w.opt("intro"), _glossary(w, "synonyms")) for w in c.objs("wording")),
        glossary=_glossary(c, "glossary"),
        references=_groups(c),
        sections=tuple(_section(s) for s in c.objs("sections")),
    )


def _glossary(o: _Obj, key: str) -> tuple[GlossaryEntry, ...]:
    return tuple(GlossaryEntry(e.text("term"), e.text("expansion")) for e in o.objs(key))


def _groups(o: _Obj) -> tuple[ReferenceGroup, ...]:
    return tuple(
        ReferenceGroup(g.opt("title"), g.opt("statement"), tuple(Cite(k) for k in g.texts("refs")))
        for g in o.objs("references")
    )


def _section(s: _Obj) -> Section:
    return Section(
        id=s.text("id"),
        title=s.text("title"),
        subtitle=s.opt("subtitle"),
        condition=s.opt("condition"),
        recommendations=tuple(_rec(r) for r in s.objs("recommendations")),
        footnotes=tuple(Footnote(f.text("marker"), f.text("text")) for f in s.objs("footnotes")),
        notes=s.texts("notes"),
        tables=tuple(_table(t) for t in s.objs("tables")),
        quotes=tuple(Quote(q.text("id"), q.text("text"), q.text("source"), q.opt("grading")) for q in s.objs("quotes")),
        references=_groups(s),
    )


def _rec(r: _Obj) -> Recommendation:
    grades = r.obj("grades")
    return Recommendation(
        id=r.text("id"),
        text=r.opt("text"),
        condition=r.opt("condition"),
        grades=tuple(Grade(scheme, grades.text(scheme)) for scheme in grades.value),
        footnotes=r.texts("footnotes"),
        details=r.texts("details"),
        children=tuple(_rec(c) for c in r.objs("children")),
        refs=r.texts("refs"),
        kind=r.opt("kind"),
    )


def _table(t: _Obj) -> Table:
    rows = []
    for i, row in enumerate(t.array("rows")):
        if not isinstance(row, list) or not all(isinstance(cell, str) for cell in row):
            raise ExportError(f"{t.where}.rows[{i}] must be an array of strings")
        rows.append(tuple(row))
    return Table(t.text("id"), t.opt("title"), t.texts("columns"), tuple(rows), t.texts("notes"))


# -- references: CSL-JSON back to BibTeX fields -------------------------------


def _reference(item: _Obj) -> Reference:
    custom = item.obj("custom") if item.value.get("custom") is not None else _Obj({}, f"{item.where}.custom")
    entry_type: str = custom.opt("bibtex-type") or _FROM_TYPE.get(item.text("type"), "misc")
    fields: list[tuple[str, str]] = []
    for name in item.value:
        if name in ("id", "type", "custom"):
            continue
        if name in ("author", "editor"):
            fields.append((name, _names(item, name, custom.value.get(f"{name}-et-al") is True)))
        elif name == "issued":
            fields.extend(_issued(item.obj("issued")))
        elif name == "page":
            fields.append(("pages", item.text(name)))
        elif name == "container-title":
            fields.append((_CONTAINER.get(entry_type, "booktitle"), item.text(name)))
        else:
            fields.append((_FROM_CSL.get(name, name), _scalar(item, name)))
    fields.extend(
        (name, _scalar(custom, name)) for name in custom.value if name != "bibtex-type" and not name.endswith("-et-al")
    )
    return Reference(item.text("id"), entry_type, tuple(fields))


def _scalar(o: _Obj, key: str) -> str:
    value = o.value.get(key)
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value)
    raise ExportError(f"{o.where}.{key} must be a string, found {_kind(value)}")


def _names(item: _Obj, key: str, et_al: bool) -> str:
    people = []
    for person in item.objs(key):
        if "literal" in person.value:
            people.append(person.text("literal"))
        else:
            given = person.opt("given")
            people.append(f"{person.text('family')}, {given}" if given else person.text("family"))
    return " and ".join(people + (["others"] if et_al else []))


def _issued(issued: _Obj) -> list[tuple[str, str]]:
    if "literal" in issued.value:
        return [("year", issued.text("literal"))]
    parts = issued.array("date-parts")
    first = parts[0] if parts and isinstance(parts[0], list) else []
    if not first or not all(isinstance(p, int) for p in first):
        raise ExportError(f"{issued.where}.date-parts must hold [year, month]")
    return [("year", str(first[0]))] + ([("month", str(first[1]))] if len(first) > 1 else [])


def through_csl(ref: Reference) -> Reference:
    """``ref`` as it reads back from an export (names, pages and dates as CSL keeps them)."""
    return _reference(_Obj(csl_item(ref), ref.key))
