"""`guidepress diff OLD NEW`: what changed between two releases, by stable id.

Works on two exports (guideline.json files or folders holding
export/guideline.json), so any two published releases can be compared
without their sources.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Iterator


def _load(path: Path) -> dict[str, Any]:
    if path.is_dir():
        for candidate in (path / "export" / "guideline.json", path / "guideline.json"):
            if candidate.exists():
                path = candidate
                break
    return json.loads(path.read_text(encoding="utf-8"))


def _recs(recs: list[dict[str, Any]], chapter: str, section: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for rec in recs:
        yield rec["id"], {"chapter": chapter, "section": section, "text": rec["text"],
                          "condition": rec["condition"], "grades": rec["grades"], "refs": rec["refs"]}
        yield from _recs(rec["children"], chapter, section)


def index(doc: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    sections: dict[str, dict[str, Any]] = {}
    recs: dict[str, dict[str, Any]] = {}
    for chapter in doc["chapters"]:
        for section in chapter["sections"]:
            sections[section["id"]] = {"chapter": chapter["id"], "title": section["title"]}
            recs.update(_recs(section["recommendations"], chapter["id"], section["id"]))
    return {
        "chapters": {c["id"]: {"title": c["title"]} for c in doc["chapters"]},
        "sections": sections,
        "recommendations": recs,
        "references": {r["id"]: {"title": r.get("title")} for r in doc["references"]},
    }


def compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    a, b = index(old), index(new)
    out: dict[str, Any] = {"old_version": old["guideline"]["version"], "new_version": new["guideline"]["version"]}
    for kind in ("chapters", "sections", "recommendations", "references"):
        before, after = a[kind], b[kind]
        changed = {}
        for ident in sorted(before.keys() & after.keys()):
            fields = {k: {"old": before[ident][k], "new": after[ident][k]}
                      for k in before[ident] if before[ident][k] != after[ident].get(k)}
            if fields:
                changed[ident] = fields
        out[kind] = {"added": sorted(after.keys() - before.keys()),
                     "removed": sorted(before.keys() - after.keys()), "changed": changed}
    return out


def _text(result: dict[str, Any]) -> str:
    lines = [f"guideline {result['old_version']} -> {result['new_version']}"]
    for kind in ("chapters", "sections", "recommendations", "references"):
        part = result[kind]
        for ident in part["added"]:
            lines.append(f"+ {kind[:-1]} {ident}")
        for ident in part["removed"]:
            lines.append(f"- {kind[:-1]} {ident}")
        for ident, fields in part["changed"].items():
            for name, change in fields.items():
                lines.append(f"~ {kind[:-1]} {ident} {name}: {json.dumps(change['old'], ensure_ascii=False)}"
                             f" -> {json.dumps(change['new'], ensure_ascii=False)}")
    if len(lines) == 1:
        lines.append("no differences")
    return "\n".join(lines) + "\n"


def run_diff(old: Path, new: Path, fmt: str) -> int:
    try:
        result = compare(_load(old), _load(new))
    except (OSError, ValueError, KeyError) as exc:
        print(f"guidepress diff: cannot read an export: {exc}", file=sys.stderr)
        return 2
    if fmt == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(_text(result))
    return 0
