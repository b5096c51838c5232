"""JSON Schemas of the source files, for editors' YAML plugins, made from load/schema.py.

    python -m guidepress.editor_schemas            # rewrite resources/editor-schemas/*.json
    python -m guidepress.editor_schemas --check    # exit 1 when they are out of date

``SPECS`` (load/schema.py) is the one definition of the source format: the
loader reads every file against it, and the schemas here are generated from
it (draft-07, which every YAML plugin reads), one per kind of file:
``guideline.schema.json`` (source/guideline.yml), ``scheme.schema.json``
(source/grading/*.yml) and ``chapter.schema.json`` (source/chapters/*.yml).
They ship in the package (resources/editor-schemas/), and a source file
names its schema in its first line, which yaml-language-server (VS Code's
YAML extension, and the editors built on it) reads::

    # yaml-language-server: $schema=../../schemas/chapter.schema.json

A schema sees a file as a YAML 1.2 reader parses it (``3`` a number,
``2023-03-01`` text), where the loader reads every scalar as the text that
was typed; each field accepts what the loader accepts of it. How the two
agree is stated per diagnostic code below, and tests/test_editor_schemas.py
runs every source file and every fault-corpus case through both:

- ``STRUCTURAL``: where the loader reports one of these, the schema rejects
  the file (a key unknown or missing, a value of the wrong type, an id,
  date, URL, tone or severity not in its format, an empty file);
- ``SYNTAX``: the YAML itself is broken, so the editor's YAML reader
  reports the file before any schema is applied;
- ``UNJUDGED``: the loader refuses what a YAML reader reads without
  complaint (anchors and aliases, sizes and nesting past its limits); the
  schema judges the data a reader makes of it, so no agreement is claimed;
- every other code needs more than one file or more than a format
  (citations, grades against the schemes, ids against file names, markup in
  text): the schema accepts such a file, and ``guidepress check`` reports it.
"""

from __future__ import annotations

import argparse
import json
import posixpath
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from .load.choices import EDITORIAL_STATUSES, SEVERITIES, TONES
from .load.schema import DATE, LANGUAGE_TAG, SLUG, SPECS, Field

#: Kind of source file -> the spec (load/schema.py) its top level is read against.
FILE_SPECS = {"guideline": "guideline", "scheme": "scheme", "chapter": "chapter"}
STRUCTURAL = frozenset({"GP103", "GP104", "GP107", "GP108", "GP110", "GP111"})
SYNTAX = frozenset({"GP002", "GP101", "GP102", "GP106"})
# GP112: a YAML tag the loader refuses may be one an editor's YAML reader reads (!!int) or refuses (!include).
UNJUDGED = frozenset({"GP105", "GP109", "GP112"})
#: Where ``guidepress new`` puts the schemas in a project (``project_files``).
PROJECT_FOLDER = "schemas"
_ID = "https://guidepress.invalid/schemas/source/{kind}.schema.json"
_PACKAGE_FOLDER = ("resources", "editor-schemas")

Schema = dict[str, Any]


def file_kind(path: str) -> str | None:
    """The kind of source file at ``path`` (relative to the project, "/"-separated), None if none."""
    parts = path.split("/")
    if parts == ["source", "guideline.yml"]:
        return "guideline"
    if len(parts) == 3 and parts[0] == "source" and parts[2].endswith(".yml"):
        return {"grading": "scheme", "chapters": "chapter"}.get(parts[1])
    return None


def _stripped(pattern: str) -> str:
    """``pattern`` (anchored ^...$) allowing the spaces the loader strips around a value."""
    return "^\\s*" + pattern.removeprefix("^").removesuffix("$") + "\\s*$"


def _choice(values: tuple[str, ...]) -> Schema:
    # The enum first: editors offer its values as completions.
    return {
        "anyOf": [{"enum": list(values)}, {"type": "string", "pattern": _stripped("^(?:" + "|".join(values) + ")$")}]
    }


#: Field kinds (load/schema.py) as schemas; "list:", "obj:" and "map:text" are built from them.
_SCALARS: dict[str, Schema] = {
    # Any scalar but an empty one: the loader reads "3", "true" and "2023" as the text typed.
    "text": {"anyOf": [{"type": "string", "pattern": "\\S"}, {"type": ["number", "boolean"]}]},
    "slug": {
        "anyOf": [{"type": "string", "pattern": _stripped(SLUG.pattern)}, {"type": "integer", "minimum": 0}],
        "description": "an id: lower-case letters, digits and single hyphens",
    },
    "bool": {"type": "boolean"},
    "date": {
        "type": "string",
        "pattern": _stripped(DATE.pattern),
        "format": "date",
        "description": "a date that exists, YYYY-MM-DD",
    },
    "language": {
        "type": "string",
        "pattern": _stripped(LANGUAGE_TAG.pattern),
        "description": "a BCP 47 language tag (en, de, de-CH)",
    },
    "tone": _choice(TONES),
    "severity": _choice(SEVERITIES),
    "editorial_status": _choice(EDITORIAL_STATUSES),
    "url": {"type": "string", "pattern": "^\\s*https?://", "description": "a URL starting with https://"},
    # A table cell may be empty (a spanning cell in the source).
    "cell": {"type": ["string", "number", "boolean", "null"]},
}


def _kind_schema(kind: str) -> Schema:
    if kind in _SCALARS:
        return {"$ref": f"#/definitions/{kind}"}
    if kind.startswith("list:"):
        return {"type": "array", "items": _kind_schema(kind[5:])}
    if kind.startswith("obj:"):
        return {"$ref": f"#/definitions/{kind[4:]}"}
    if kind == "map:text":
        return {"type": "object", "additionalProperties": _kind_schema("text")}
    if kind == "rows":
        return {"type": "array", "items": {"type": "array", "items": _kind_schema("cell")}}
    raise ValueError(f"load/schema.py field kind {kind!r} has no JSON Schema; add it to editor_schemas.py")


def _object(fields: dict[str, Field]) -> Schema:
    out: Schema = {
        "type": "object",
        "properties": {k: _kind_schema(f.kind) for k, f in fields.items()},
        "additionalProperties": False,
    }
    if required := [k for k, f in fields.items() if f.required]:
        out["required"] = required
    return out


def _used_specs(spec: str, found: list[str]) -> list[str]:
    """``spec`` and every spec its fields name, each once, in order of first use."""
    if spec not in found:
        found.append(spec)
        for field in SPECS[spec].values():
            inner = field.kind.removeprefix("list:")
            if inner.startswith("obj:"):
                _used_specs(inner[4:], found)
    return found


def editor_schema(kind: str) -> Schema:
    """The schema of a ``kind`` source file (``FILE_SPECS``), from ``SPECS``."""
    spec = FILE_SPECS[kind]
    nested = _used_specs(spec, [])[1:]
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": _ID.format(kind=kind),
        "title": f"guidepress {kind} file",
        "description": "Generated from the format definitions guidepress' loader reads (load/schema.py); "
        "docs/format.md describes every key.",
        **_object(SPECS[spec]),
        "definitions": {**{name: _object(SPECS[name]) for name in nested}, **_SCALARS},
    }


def generated(kind: str) -> bytes:
    return (json.dumps(editor_schema(kind), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def shipped(kind: str) -> bytes:
    """The schema file the package carries."""
    return resources.files("guidepress").joinpath(*_PACKAGE_FOLDER, f"{kind}.schema.json").read_bytes()


def project_files() -> dict[str, bytes]:
    """Path in a new project -> content: the editor schemas (for ``guidepress new``)."""
    return {f"{PROJECT_FOLDER}/{kind}.schema.json": shipped(kind) for kind in FILE_SPECS}


def modeline(path: str) -> str:
    """The first line of the project's source file at ``path`` ("source/chapters/liver.yml"):
    the yaml-language-server comment naming its schema in ``PROJECT_FOLDER``."""
    kind = file_kind(path)
    if kind is None:
        raise ValueError(f"{path} is not a source file (source/guideline.yml, source/grading/, source/chapters/)")
    schema = posixpath.relpath(f"{PROJECT_FOLDER}/{kind}.schema.json", posixpath.dirname(path))
    return f"# yaml-language-server: $schema={schema}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m guidepress.editor_schemas", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 when a file is out of date")
    args = parser.parse_args(argv)
    folder = Path(str(resources.files("guidepress"))).joinpath(*_PACKAGE_FOLDER)
    stale = [
        kind
        for kind in FILE_SPECS
        if not (folder / f"{kind}.schema.json").is_file() or shipped(kind) != generated(kind)
    ]
    if args.check:
        for kind in stale:
            print(
                f"{folder / f'{kind}.schema.json'} is out of date: run python -m guidepress.editor_schemas",
                file=sys.stderr,
            )
        return 1 if stale else 0
    folder.mkdir(parents=True, exist_ok=True)
    for kind in stale:
        (folder / f"{kind}.schema.json").write_bytes(generated(kind))
        print(f"wrote {folder / f'{kind}.schema.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
