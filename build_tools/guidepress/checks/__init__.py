"""Validation rules, one per module. Each declares the codes it raises (``CODES``) and has ``check(guideline)``.

``run_checks`` runs them all and returns every problem found, so one run
reports everything (yamllint-style), not just the first problem.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..commands import xliff
from ..diagnostics import Code, Diagnostic, assemble
from ..load import codes as load_codes
from ..load import translations as load_translations
from ..model import Guideline
from ..releases import previous as previous_release
from . import (
    audiences,
    bib_fields,
    catalogs,
    citation_style,
    citations,
    duplicate_works,
    editorial_notes,
    footnotes,
    glossary,
    grade_codes,
    grade_format,
    grade_rules,
    kinds,
    language,
    likely_renames,
    page_anchors,
    parents,
    ref_anchors,
    reserved_ids,
    review_state,
    scheme_rules,
    see_also,
    table_markers,
    tables,
    translations,
    uncited,
    unique_ids,
)

RULE_MODULES = (
    unique_ids,
    reserved_ids,
    page_anchors,
    scheme_rules,
    kinds,
    grade_format,
    citation_style,
    grade_codes,
    grade_rules,
    parents,
    footnotes,
    tables,
    table_markers,
    see_also,
    glossary,
    citations,
    uncited,
    duplicate_works,
    bib_fields,
    ref_anchors,
    editorial_notes,
    language,
    audiences,
    review_state,
    likely_renames,
)
RULES: tuple[Callable[[Guideline], Iterator[Diagnostic]], ...] = tuple(m.check for m in RULE_MODULES)

#: Every module that declares codes: the loaders' declarations and the rules'.
#: (checks/catalogs.py and checks/translations.py read more of the project: phases.check runs them with its root;
#: commands/xliff.py's codes are `translations --read-xliff`'s.)
DECLARING = (load_codes, load_translations, previous_release, *RULE_MODULES, catalogs, translations, xliff)
#: The code table (diagnostics.CODES), assembled here, on import, so that a
#: code declared twice stops every command at once.
DECLARED: dict[str, Code] = assemble((m.__name__, m.CODES) for m in DECLARING)


def run_checks(guideline: Guideline) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for rule in RULES:
        out.extend(rule(guideline))
    return out
