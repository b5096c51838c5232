"""The templates a build renders, checked at check time (GP114).

A Jinja2 syntax error in a page or card template (an unclosed ``{%``, an
unknown filter) would otherwise surface only when ``build`` or ``cards``
renders it. Each template is parsed with the environment its renderer uses
(a few milliseconds; generating and compiling its code would take ten times
as long), and the filters and tests it names are looked up there, which is
what compiling would add; the problem is reported at the template's file and line.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import nodes

from ..diagnostics import Diagnostic, SourcePos
from .codes import TEMPLATE_SYNTAX
from .files import display_path, read_text

Environment = Callable[[Path | tuple[Path, ...]], jinja2.Environment]


def template_problems(root: Path) -> list[Diagnostic]:
    """Every template of the project at ``root`` that would not compile, at its file and line.

    guidepress' own templates, when the project has none of a kind, are not
    the project's to mend (the test suite renders them).
    """
    # Imported here: loading the source does not need the renderers.
    from ..render.cards import card_environment
    from ..render.pages import TEMPLATE_DIR, page_environment
    from ..settings import card_templates, project_template_dirs

    folders: list[tuple[Path, Environment]] = [
        (card_templates(project_template_dirs(root))[0], card_environment),
        (root / TEMPLATE_DIR, page_environment),
    ]
    project = Path(os.path.realpath(root))
    diags: list[Diagnostic] = []
    for folder, environment in folders:
        if not Path(os.path.realpath(folder)).is_relative_to(project):
            continue
        for path in sorted(folder.glob("*.j2")):
            source = read_text(path, root)
            if isinstance(source, Diagnostic):
                diags.append(source)
            else:
                diags += _problems(environment, folder, display_path(path, root), source)
    return diags


@lru_cache(maxsize=128)
def _problems(environment: Environment, folder: Path, shown: str, source: str) -> tuple[Diagnostic, ...]:
    """The template's problems; the same text gives the same answer (the live preview asks on every edit)."""
    env = _environment(environment, folder)
    try:
        tree = env.parse(source, name=Path(shown).name, filename=shown)
    except jinja2.TemplateSyntaxError as exc:
        return (TEMPLATE_SYNTAX.at(SourcePos(shown, exc.lineno or 1, 1), f"template syntax error: {exc.message}"),)
    unknown: list[tuple[nodes.Filter | nodes.Test, str]] = [
        (node, "filter") for node in tree.find_all(nodes.Filter) if node.name not in env.filters
    ]
    unknown += [(node, "test") for node in tree.find_all(nodes.Test) if node.name not in env.tests]
    return tuple(
        TEMPLATE_SYNTAX.at(SourcePos(shown, node.lineno, 1), f"template syntax error: no {kind} named '{node.name}'")
        for node, kind in sorted(unknown, key=lambda found: found[0].lineno)
    )


@lru_cache(maxsize=8)
def _environment(environment: Environment, folder: Path) -> jinja2.Environment:
    return environment(folder)
