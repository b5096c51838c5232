"""guideline.yml's ``citation_style``: the CSL file that formats the references, found and read.

A name without a "/" that does not end in ``.csl`` is a style shipped with
guidepress (``resources/csl/<name>.csl``); anything else is a file of the
project, relative to its folder (``styles/apa.csl``), such as a style from
the official CSL styles repository. Without the key the site uses
``DEFAULT_STYLE``. Whether the text is a CSL style citeproc-py can use is
the check's question (checks/citation_style.py); here it is only read, and
a file that cannot be read is recorded with the reason.
"""

from __future__ import annotations

import os
from dataclasses import replace
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import CitationStyle
from .files import read_text
from .schema import Obj, Text

#: The shipped style the site uses when guideline.yml names none: Vancouver
#: as clinical guidelines print it (resources/csl/README.md).
DEFAULT_STYLE = "guidepress-vancouver"


def _folder() -> Traversable:
    return resources.files("guidepress").joinpath("resources", "csl")


def shipped_styles() -> list[str]:
    """The names of the styles shipped with guidepress, sorted."""
    return sorted(f.name.removesuffix(".csl") for f in _folder().iterdir() if f.name.endswith(".csl"))


def is_path(name: str) -> bool:
    """Whether ``name`` names a file of the project rather than a shipped style."""
    return "/" in name or "\\" in name or name.endswith(".csl")


def default_style() -> CitationStyle:
    return CitationStyle(DEFAULT_STYLE, _shipped(DEFAULT_STYLE))


def _shipped(name: str) -> str:
    return _folder().joinpath(f"{name}.csl").read_text("utf-8")


def read_citation_style(obj: Obj, root: Path) -> CitationStyle:
    """The style guideline.yml (``obj``) names, or the default style."""
    value = obj.get("citation_style")
    if not isinstance(value, Text):
        return replace(default_style(), pos=obj.pos)
    name, pos = value.value.strip(), obj.vpos("citation_style")
    if is_path(name):
        return CitationStyle(name, *_project_file(name, root), pos=pos)
    if name in shipped_styles():
        return CitationStyle(name, _shipped(name), pos=pos)
    return CitationStyle(
        name,
        None,
        f"citation_style '{name}' is not a style shipped with guidepress "
        f"({', '.join(shipped_styles())}); name one of those, or a .csl file of the project "
        "such as styles/apa.csl",
        pos,
    )


def _project_file(name: str, root: Path) -> tuple[str | None, str | None]:
    """(text, None), or (None, why the file cannot be used)."""
    path = root / name
    if not Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(root))):
        return None, (
            f"citation_style '{name}' is outside the project; copy the style into the project "
            "(for example styles/) and name it relative to the project folder"
        )
    read = read_text(path, root)
    if isinstance(read, Diagnostic):
        return None, f"citation_style '{name}' cannot be used: {read.message}"
    return read, None
