"""Grading scheme presets shipped with guidepress, read as package data.

A preset is a folder ``resources/presets/<name>/`` holding ``preset.yml``
(title, the scheme ids in display order, an optional ``grade_format``) and
``grading/<id>.yml``, one scheme file per id: what a new project copies
into ``source/grading/`` and names in its ``guideline.yml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable

from .load.schema import Text, read_object
from .load.yamltree import parse

_ROOT = ("resources", "presets")


class PresetError(Exception):
    """An unknown preset, or a preset whose files do not fit its preset.yml."""


@dataclass(frozen=True, slots=True)
class Preset:
    name: str
    title: str
    description: str | None
    grading: tuple[str, ...]  # scheme ids in display order: guideline.yml's ``grading``
    grade_format: str | None  # for guideline.yml's ``grade_format``
    files: dict[str, str]  # "grading/<id>.yml" -> its text, in ``grading`` order


def _folder() -> Traversable:
    return resources.files("guidepress").joinpath(*_ROOT)


def names() -> list[str]:
    """Every preset shipped, sorted."""
    return sorted(p.name for p in _folder().iterdir() if p.is_dir() and p.joinpath("preset.yml").is_file())


def load(name: str) -> Preset:
    """The preset ``name`` with its scheme files' text."""
    if name not in names():
        raise PresetError(f"no scheme preset '{name}'; choose one of {', '.join(names())}")
    folder = _folder().joinpath(name)
    where = f"presets/{name}/preset.yml"
    node, diags = parse(folder.joinpath("preset.yml").read_text("utf-8"), where)
    obj = None
    if node is not None:
        obj, problems = read_object(node, "preset", "a preset")
        diags += problems
    if obj is None or diags:
        raise PresetError("; ".join(d.as_text() for d in diags) or f"{where} cannot be read")
    grading = tuple(t.value for t in obj.get("grading", []))
    files: dict[str, str] = {}
    for scheme_id in grading:
        scheme = folder.joinpath("grading", f"{scheme_id}.yml")
        if not scheme.is_file():
            raise PresetError(f"{where} names scheme '{scheme_id}', but grading/{scheme_id}.yml is missing")
        files[f"grading/{scheme_id}.yml"] = scheme.read_text("utf-8")
    return Preset(
        name,
        _text(obj.get("title")) or name,
        _text(obj.get("description")),
        grading,
        _text(obj.get("grade_format")),
        files,
    )


def _text(value: object) -> str | None:
    return value.value if isinstance(value, Text) else None
