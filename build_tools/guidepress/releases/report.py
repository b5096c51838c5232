"""Changes printed: JSON (schemas/diff.schema.json), text for a terminal, Markdown.

The text report marks words as ``git diff --word-diff=plain`` does
(``[-removed-]{+added+}``), so it reads the same without colour; on a
terminal rich adds the colour.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import __version__
from .changes import Changes, GradeChange, ItemChange, ListChange, Place, RecChange, Snapshot, TextChange

SCHEMA_VERSION = "1.0.0"
SCHEMA_ID = "https://guidepress.invalid/schemas/diff-1.0.0.schema.json"

# (text, style) runs of one line; style "" is plain.
Line = list[tuple[str, str]]


def summary(c: Changes) -> dict[str, int]:
    grades = [g.direction for r in c.changed for g in r.grades]
    return {
        "added": len(c.added),
        "removed": len(c.removed),
        "changed": len(c.changed),
        "renamed": sum(r.renamed for r in c.changed),
        "moved": sum(r.moved for r in c.changed),
        "reworded": sum(r.reworded for r in c.changed),
        "upgrades": grades.count("upgrade"),
        "downgrades": grades.count("downgrade"),
        "other": len(c.items),
    }


def summary_line(c: Changes) -> str:
    s = summary(c)
    detail = ", ".join(
        f"{s[k]} {word}"
        for k, word in (
            ("renamed", "renamed"),
            ("moved", "moved"),
            ("reworded", "reworded"),
            ("upgrades", "upgraded"),
            ("downgrades", "downgraded"),
        )
        if s[k]
    )
    return (
        f"recommendations: {s['added']} added, {s['removed']} removed, {s['changed']} changed"
        + (f" ({detail})" if detail else "")
        + f"; {s['other']} other change{'s' * (s['other'] != 1)}"
    )


# -- JSON -----------------------------------------------------------------------


def to_json(c: Changes, old_label: str, new_label: str) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "generator": {"name": "guidepress", "version": __version__},
        "old": {"side": old_label, "version": c.old_version},
        "new": {"side": new_label, "version": c.new_version},
        "changed": not c.empty,
        "summary": summary(c),
        "recommendations": {
            "added": [_snapshot_json(s) for s in c.added],
            "removed": [_snapshot_json(s) for s in c.removed],
            "changed": [_change_json(r) for r in c.changed],
        },
        "changes": [
            {"kind": i.kind, "where": i.where, "key": i.key, "status": i.status, "old": i.old, "new": i.new}
            for i in c.items
        ],
        "hints": [{"old_id": h.old_id, "new_id": h.new_id, "reason": h.reason, "message": h.message} for h in c.hints],
        "warnings": list(c.warnings),
        "schemes": [{"id": scheme, "label": label} for scheme, label in c.labels],
    }


def _place_json(p: Place) -> dict[str, Any]:
    return {"chapter": p.chapter, "section": p.section, "parent": p.parent, "path": list(p.path)}


def _snapshot_json(s: Snapshot) -> dict[str, Any]:
    return {
        "id": s.id,
        "place": _place_json(s.place),
        "text": s.text,
        "condition": s.condition,
        "kind": s.kind,
        "grades": dict(s.grades),
    }


def _text_json(t: TextChange | None, words: bool = True) -> dict[str, Any] | None:
    if t is None:
        return None
    out: dict[str, Any] = {"old": t.old, "new": t.new}
    if words:
        out["words"] = [{"op": op, "text": text} for op, text in t.words()]
    return out


def _list_json(part: ListChange | None) -> dict[str, Any] | None:
    if part is None:
        return None
    return {"old": list(part.old), "new": list(part.new), "added": list(part.added), "removed": list(part.removed)}


def _change_json(r: RecChange) -> dict[str, Any]:
    return {
        "id": r.id,
        "old_id": r.old_id,
        "renamed": r.renamed,
        "moved": r.moved,
        "reworded": r.reworded,
        "old_place": _place_json(r.old_place),
        "new_place": _place_json(r.new_place),
        "what": list(r.what()),
        "text": _text_json(r.text),
        "condition": _text_json(r.condition),
        "kind": _text_json(r.kind, words=False),
        "grades": [{"scheme": g.scheme, "old": g.old, "new": g.new, "direction": g.direction} for g in r.grades],
        "refs": _list_json(r.refs),
        "footnotes": _list_json(r.footnotes),
        "details": _list_json(r.details),
    }


# -- text -------------------------------------------------------------------------


def text_lines(c: Changes, old_label: str, new_label: str) -> Iterator[Line]:
    yield [(f"guidepress diff: {old_label} ({c.old_version}) -> {new_label} ({c.new_version})", "bold")]
    if c.empty:
        yield [("no changes", "")]
        return
    yield [(summary_line(c), "")]
    for title, snaps, sign, style in (("added", c.added, "+", "green"), ("removed", c.removed, "-", "red")):
        if snaps:
            yield [(title, "bold")]
        for s in snaps:
            yield [(f"  {sign} ", style), (s.id, style + " bold"), (f"  {_where(s.place)}", "dim")]
            grades = _grades(c, s)
            yield [(f"      {_statement(s)}" + (f"  [{grades}]" if grades else ""), "")]
    if c.changed:
        yield [("changed", "bold")]
    for r in c.changed:
        yield from _change_lines(c, r)
    if c.items:
        yield [("other changes", "bold")]
    for i in c.items:
        yield [
            (f"  {i.kind} ", "cyan"),
            (f"{i.where}", ""),
            (f" [{i.key}]" if i.key else "", ""),
            (": ", ""),
        ] + _item_value(i)
    if c.hints:
        yield [("hints", "bold")]
    for h in c.hints:
        yield [(f"  {h.message}", "yellow")]


def _where(p: Place) -> str:
    return f"section {p.section}" + (f", under {p.parent}" if p.parent else "")


def _statement(s: Snapshot) -> str:
    return " ".join(t for t in (s.condition, s.text) if t) or "(no text)"


def _grades(c: Changes, s: Snapshot) -> str:
    return ", ".join(f"{c.label(scheme)} {code}" for scheme, code in s.grades)


def _change_lines(c: Changes, r: RecChange) -> Iterator[Line]:
    head: Line = [("  ~ ", "yellow"), (r.id, "yellow bold")]
    if r.renamed:
        head.append((f"  renamed from {r.old_id}", "magenta"))
    if r.moved:
        head.append((f"  moved from {_where(r.old_place)} to {_where(r.new_place)}", "magenta"))
    else:
        head.append((f"  {_where(r.new_place)}", "dim"))
    yield head
    for g in r.grades:
        yield [(f"      {c.label(g.scheme)}: {_code(g.old)} -> {_code(g.new)} ", ""), (f"({g.direction})", _tone(g))]
    for name, part in (("text", r.text), ("condition", r.condition)):
        if part is not None:
            yield [(f"      {name}: ", "")] + _word_runs(part)
    if r.kind is not None:
        yield [(f"      kind: {r.kind.old or '(none)'} -> {r.kind.new or '(none)'}", "")]
    for name, lst in (("references", r.refs), ("footnotes", r.footnotes), ("details", r.details)):
        if lst is not None:
            yield [(f"      {name}: ", "")] + _list_runs(lst)


def _code(code: str | None) -> str:
    return code if code is not None else "(none)"


def _tone(g: GradeChange) -> str:
    return {"upgrade": "green", "downgrade": "red"}.get(g.direction, "yellow")


def _word_runs(t: TextChange) -> Line:
    runs: Line = []
    previous = None
    for op, words in t.words():
        if runs and not (previous == "removed" and op == "added"):  # a replacement reads [-old-]{+new+}
            runs.append((" ", ""))
        previous = op
        if op == "same":
            runs.append((words, ""))
        elif op == "removed":
            runs.append((f"[-{words}-]", "red"))
        else:
            runs.append((f"{{+{words}+}}", "green"))
    return runs or [("(empty)", "dim")]


def _list_runs(lst: ListChange) -> Line:
    runs: Line = [(f"-{x} ", "red") for x in lst.removed] + [(f"+{x} ", "green") for x in lst.added]
    return runs or [("reordered", "dim")]


def _item_value(i: ItemChange) -> Line:
    if i.old is None:
        return [(f"added {_quoted(i.new)}", "green")]
    if i.new is None:
        return [(f"removed {_quoted(i.old)}", "red")]
    return [(_quoted(i.old), "red"), (" -> ", ""), (_quoted(i.new), "green")]


def _quoted(value: str | None) -> str:
    return f'"{value}"'


def render_text(lines: Iterator[Line], color: bool) -> str:
    if not color:
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    from rich.console import Console
    from rich.text import Text

    console = Console(force_terminal=True, highlight=False, soft_wrap=True)
    with console.capture() as capture:
        for line in lines:
            console.print(Text.assemble(*[(text, style or "") for text, style in line]))
    return capture.get()


# -- Markdown -----------------------------------------------------------------------

# Every use is inline (after a list marker or in a table cell), where these are the markup characters.
_MD_SPECIAL = "\\`*_[]<>|~^&"


def md(text: str | None) -> str:
    """Literal text in inline Markdown: every character Markdown could read as markup escaped."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in " ".join((text or "").split()))


def render_markdown(c: Changes, old_label: str, new_label: str) -> str:
    out = [
        f"# Changes from {md(c.old_version)} to {md(c.new_version)}",
        "",
        f"Compared `{old_label}` (old) with `{new_label}` (new).",
        "",
    ]
    out += [f"> **Warning:** {md(w)}" for w in c.warnings] + ([""] if c.warnings else [])
    if c.empty:
        return "\n".join(out + ["No changes.", ""])
    out += [md(summary_line(c)), ""]
    for title, snaps in (("Added recommendations", c.added), ("Removed recommendations", c.removed)):
        if snaps:
            out += [f"## {title}", ""]
            out += [
                f"- `{s.id}` ({md(_where(s.place))}): {md(_statement(s))}"
                + (f" ({md(_grades(c, s))})" if s.grades else "")
                for s in snaps
            ]
            out.append("")
    if c.changed:
        out += ["## Changed recommendations", ""]
    for r in c.changed:
        out += [f"### `{r.id}`", ""] + [f"- {line}" for line in _md_change(c, r)] + [""]
    if c.items:
        out += ["## Other changes", "", "| kind | where | what | old | new |", "|---|---|---|---|---|"]
        out += [
            f"| {i.kind} | {md(i.where)} | {md(i.key)} | {md(i.old) if i.old is not None else '–'} | "
            f"{md(i.new) if i.new is not None else '–'} |"
            for i in c.items
        ]
        out.append("")
    if c.hints:
        out += (
            ["## Possibly renamed", ""]
            + [
                f"- `{h.old_id}` removed and `{h.new_id}` added with the {h.reason}: if it is one recommendation, "
                f"declare `replaces: {h.old_id}` on `{h.new_id}`"
                for h in c.hints
            ]
            + [""]
        )
    return "\n".join(out)


def _md_change(c: Changes, r: RecChange) -> Iterator[str]:
    if r.renamed:
        yield f"renamed from `{r.old_id}`"
    if r.moved:
        yield f"moved from {md(_where(r.old_place))} to {md(_where(r.new_place))}"
    for g in r.grades:
        yield f"{md(c.label(g.scheme))}: `{_code(g.old)}` → `{_code(g.new)}` ({g.direction})"
    for name, part in (("text", r.text), ("condition", r.condition)):
        if part is not None:
            yield f"{name}: " + " ".join(
                md(w) if op == "same" else f"~~{md(w)}~~" if op == "removed" else f"**{md(w)}**"
                for op, w in part.words()
            )
    if r.kind is not None:
        yield f"kind: `{r.kind.old or '(none)'}` → `{r.kind.new or '(none)'}`"
    for name, lst in (("references", r.refs), ("footnotes", r.footnotes), ("details", r.details)):
        if lst is not None:
            parts = [f"removed {md(x)}" for x in lst.removed] + [f"added {md(x)}" for x in lst.added]
            yield f"{name}: " + ("; ".join(parts) or "reordered")
