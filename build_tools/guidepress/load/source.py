"""Loading the YAML source into the model.

Reads guideline.yml, the grading schemes and the chapters it lists, checks
each file against the format (load/schema.py) and builds model objects. It
keeps going after a problem so one run reports everything it can.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, SourcePos
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
    Kind,
    Quote,
    Recommendation,
    ReferenceGroup,
    Rule,
    Section,
    SeeAlso,
    Table,
    Wording,
)
from .codes import ID_NOT_FILE_NAME, REQUIRED_KEY
from .files import display_path, read_text
from .memo import FileMemo, load_file
from .schema import Obj, Text, read_object
from .yamltree import parse


def _t(obj: Obj, key: str) -> str | None:
    value = obj.get(key)
    return value.value if isinstance(value, Text) else None


def _texts(obj: Obj, key: str) -> tuple[str, ...]:
    return tuple(t.value for t in obj.get(key, []) if isinstance(t, Text))


def _objs(obj: Obj, key: str) -> list[Obj]:
    return [o for o in obj.get(key, []) if isinstance(o, Obj)]


def kinds(obj: Obj) -> tuple[Kind, ...]:
    """The statement kinds a guideline.yml or scheme file declares."""
    return tuple(
        Kind(_t(k, "id") or "", _t(k, "label") or "", bool(k.get("graded", True)), _t(k, "description"), k.pos)
        for k in _objs(obj, "kinds")
    )


class SourceLoader:
    """Reads source files, each into a model object and the problems it has."""

    def __init__(self, root: Path, memo: FileMemo | None = None) -> None:
        self.root = root
        self.memo = memo

    def read_file(
        self, path: Path, spec: str, where: str, text: str | None = None
    ) -> tuple[Obj | None, list[Diagnostic]]:
        """``path`` (or its ``text``) parsed and checked against ``SPECS[spec]``."""
        if text is None:
            read = read_text(path, self.root)
            if isinstance(read, Diagnostic):
                return None, [read]
            text = read
        node, diags = parse(text, display_path(path, self.root))
        if node is None:
            return None, diags
        obj, problems = read_object(node, spec, where)
        return obj, diags + problems

    @staticmethod
    def _id_problems(obj: Obj, path: Path, what: str) -> list[Diagnostic]:
        found = _t(obj, "id")
        if found is None or found == path.stem:
            return []
        return [
            ID_NOT_FILE_NAME.at(
                obj.vpos("id"), f"{what} id '{found}' does not match its file name '{path.name}'; rename one of them"
            )
        ]

    # grading schemes -----------------------------------------------------

    def scheme(self, path: Path) -> tuple[GradingScheme | None, list[Diagnostic]]:
        return load_file(self.memo, "scheme", path, self.root, lambda text: self._scheme(path, text))

    def _scheme(self, path: Path, text: str) -> tuple[GradingScheme | None, list[Diagnostic]]:
        obj, diags = self.read_file(path, "scheme", "a grading scheme", text)
        if obj is None:
            return None, diags
        diags += self._id_problems(obj, path, "grading scheme")
        scheme_id = path.stem
        codes = tuple(
            Code(
                _t(c, "code") or "",
                _t(c, "meaning") or "",
                _t(c, "spoken") or _t(c, "code") or "",
                _t(c, "tone"),
                c.pos,
            )
            for c in _objs(obj, "codes")
        )
        rules = tuple(
            Rule(
                _t(r, "code") or "",
                _t(r, "scheme") or "",
                _t(r, "at_least") or "",
                _t(r, "message"),
                r.pos,
                severity=_t(r, "severity") or "error",
            )
            for r in _objs(obj, "rules")
        )
        applies_to = obj.get("applies_to")
        return GradingScheme(
            scheme_id,
            _t(obj, "label") or scheme_id,
            _t(obj, "name") or scheme_id,
            _t(obj, "group"),
            _t(obj, "description"),
            _t(obj, "source"),
            codes,
            rules,
            obj.pos,
            required=bool(obj.get("required", True)),
            applies_to=None if applies_to is None else tuple(t.value for t in applies_to),
            uri=_t(obj, "uri"),
            citation=_t(obj, "citation"),
            kinds=kinds(obj),
            format=GradeFormat(shape, obj.vpos("format")) if (shape := _t(obj, "format")) is not None else None,
        ), diags

    # chapters ------------------------------------------------------------

    def chapter(self, path: Path) -> tuple[Chapter | None, list[Diagnostic]]:
        return load_file(self.memo, "chapter", path, self.root, lambda text: self._chapter(path, text))

    def _chapter(self, path: Path, text: str) -> tuple[Chapter | None, list[Diagnostic]]:
        obj, diags = self.read_file(path, "chapter", "a chapter", text)
        if obj is None:
            return None, diags
        diags += self._id_problems(obj, path, "chapter")
        chapter_id = path.stem
        chapter = Chapter(
            id=chapter_id,
            title=_t(obj, "title") or chapter_id,
            subtitle=_t(obj, "subtitle"),
            authors=tuple(AuthorGroup(_t(a, "versions") or "", _texts(a, "names")) for a in _objs(obj, "authors")),
            topics=_texts(obj, "topics"),
            see_also=tuple(
                SeeAlso(_t(s, "chapter") or "", _t(s, "title") or "", bool(s.get("external", False)), s.pos)
                for s in _objs(obj, "see_also")
            ),
            wording=tuple(
                Wording(_t(w, "term") or "", _t(w, "intro"), self._glossary(_objs(w, "synonyms")), w.pos)
                for w in _objs(obj, "wording")
            ),
            glossary=self._glossary(_objs(obj, "glossary")),
            references=self._groups(obj),
            sections=tuple(self._section(s, diags) for s in _objs(obj, "sections")),
            file=display_path(path, self.root),
            pos=obj.pos,
            id_pos=obj.vpos("id"),
        )
        return chapter, diags

    @staticmethod
    def _glossary(objs: list[Obj]) -> tuple[GlossaryEntry, ...]:
        return tuple(GlossaryEntry(_t(g, "term") or "", _t(g, "expansion") or "", g.pos) for g in objs)

    @staticmethod
    def _groups(obj: Obj) -> tuple[ReferenceGroup, ...]:
        return tuple(
            ReferenceGroup(
                _t(g, "title"),
                _t(g, "statement"),
                tuple(Cite(t.value, t.pos) for t in g.get("refs", [])),
                g.pos,
                editorial_notes=_texts(g, "editorial_notes"),
            )
            for g in _objs(obj, "references")
        )

    def _section(self, obj: Obj, diags: list[Diagnostic]) -> Section:
        groups = self._groups(obj)
        cited: dict[str, list[str]] = {}
        for group in groups:
            if group.statement:
                cited.setdefault(group.statement, []).extend(
                    k for k in group.keys if k not in cited.get(group.statement, [])
                )
        return Section(
            id=_t(obj, "id") or "",
            title=_t(obj, "title") or "",
            subtitle=_t(obj, "subtitle"),
            condition=_t(obj, "condition"),
            recommendations=tuple(self._recommendation(r, cited, diags) for r in _objs(obj, "recommendations")),
            footnotes=tuple(
                Footnote(_t(f, "marker") or "", _t(f, "text") or "", f.pos) for f in _objs(obj, "footnotes")
            ),
            notes=_texts(obj, "notes"),
            tables=tuple(self._table(t) for t in _objs(obj, "tables")),
            quotes=tuple(
                Quote(_t(q, "id") or "", _t(q, "text") or "", _t(q, "source") or "", _t(q, "grading"), q.pos)
                for q in _objs(obj, "quotes")
            ),
            references=groups,
            pos=obj.pos,
            editorial_notes=_texts(obj, "editorial_notes"),
            glossary=self._glossary(_objs(obj, "glossary")),
        )

    def _recommendation(self, obj: Obj, cited: dict[str, list[str]], diags: list[Diagnostic]) -> Recommendation:
        """The recommendation ``obj``; its problems are added to its file's ``diags``."""
        rec_id = _t(obj, "id") or ""
        # key_pos holds the keys as written: a 'text' that is present but
        # invalid has its own diagnostic and is not also "missing".
        if "text" not in obj.key_pos and "condition" not in obj.key_pos:
            diags.append(
                REQUIRED_KEY.at(obj.pos, "a recommendation needs 'text' (or a 'condition' label heading its children)")
            )
        raw_grades: dict[str, tuple[SourcePos, Any]] = obj.get("grades", {})
        grades = tuple(Grade(scheme, text.value, text.pos) for scheme, (_kpos, text) in raw_grades.items())
        return Recommendation(
            id=rec_id,
            text=_t(obj, "text"),
            condition=_t(obj, "condition"),
            grades=grades,
            footnotes=_texts(obj, "footnotes"),
            details=_texts(obj, "details"),
            children=tuple(self._recommendation(c, cited, diags) for c in _objs(obj, "children")),
            refs=tuple(cited.get(rec_id, ())),
            pos=obj.pos,
            kind=_t(obj, "kind"),
            replaces=_t(obj, "replaces"),
            editorial=_t(obj, "status"),
            reviewed=_t(obj, "reviewed"),
        )

    def _table(self, obj: Obj) -> Table:
        rows = obj.get("rows", [])
        return Table(
            id=_t(obj, "id") or "",
            title=_t(obj, "title"),
            columns=_texts(obj, "columns"),
            rows=tuple(tuple(cell.value for cell in row.cells) for row in rows),
            notes=_texts(obj, "notes"),
            pos=obj.pos,
            row_pos=tuple(row.pos for row in rows),
            editorial_notes=_texts(obj, "editorial_notes"),
        )
