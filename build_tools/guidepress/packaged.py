"""guidepress' own templates, found with importlib.resources, and a project's in front of them.

The wheel carries the repository's top-level ``templates/`` inside the package
as ``guidepress/templates`` (setup.py maps it there). A source checkout (an
editable install, or ``build_tools/`` on ``PYTHONPATH``) has no such folder
in the package: there the top-level ``templates/`` the wheel is made from is
guidepress' own.

A project overrides guidepress' templates file by file: its ``templates/``
holds only the files it changes, at the same relative paths
(``templates/site/pages/home.md.j2``, ``templates/cards/cards.css.j2``), and
every other file comes from the package. ``search_path`` is that order.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: The folder of templates in a project, and in the package.
TEMPLATES = "templates"


def tool_templates() -> Path:
    """guidepress' own ``templates/``: the package's, else (a source checkout) the repository's."""
    package = Path(str(resources.files("guidepress")))
    shipped = package / TEMPLATES
    return shipped if shipped.is_dir() else package.parents[1] / TEMPLATES


def search_path(root: Path, *parts: str) -> tuple[Path, ...]:
    """Where templates of one kind are looked up, first found first: the project's
    ``templates/<parts>`` (when it has that folder), then guidepress' own, each once."""
    own = tool_templates().joinpath(*parts)
    project = root.joinpath(TEMPLATES, *parts)
    if project.is_dir() and project.resolve() != own.resolve():
        return (project, own)
    return (own,)
