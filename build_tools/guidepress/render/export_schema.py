"""guideline.<id>.schema.json: the export's generic schema, specialised to one guideline.

The generic schema (schemas/guideline.schema.json) says what any guidepress
export looks like; this one says what *this* guideline's export may hold, so
that a consumer's validator catches what the generic one cannot:

- grade codes as enums per scheme, and only the guideline's scheme ids as
  keys of ``grades``; every required scheme that applies to a statement's
  kind present once it has grades; a statement without grades heads
  children, unless its kind carries no grade (GP201, GP202, GP203, GP218,
  GP219 as a schema);
- the schemes' ``error`` rules: a grade no stronger than its evidence
  allows (GP204);
- reference integrity: every cited key is a key of ``references`` (GP403),
  every reference list's ``statement`` a recommendation of the
  guideline (GP215), every ``see_also`` that is not external a chapter of
  it (GP210), every ``kind`` a declared kind (GP217);
- the primary's ``translations``: only the guideline's languages, each text
  at a key of the guideline's or its chapter's texts (GP244 as a schema); a
  language's own export has none;

What no JSON Schema can say, that every id (chapters, sections,
recommendations, tables, quotes) is unique in the whole guideline, is a
guarantee of ``guidepress check`` (GP205), documented in docs/export.md and
tested there. Objects stay open as in the generic schema, so the versioning
policy holds for this schema too.
"""

from __future__ import annotations

import copy
from typing import Any

from ..chapter_texts import chapter_texts
from ..guideline_texts import guideline_texts
from ..model import GradingScheme, Guideline, Kind
from . import addresses

Schema = dict[str, Any]


def specialised_schema(g: Guideline, generic: Schema, site_url: str | None) -> Schema:
    """``generic`` (the parsed generic schema) narrowed to ``g``'s schemes, kinds, ids and keys."""
    schema = copy.deepcopy(generic)
    schema["$id"] = addresses.published_file_url(site_url, g.id, addresses.export_schema_for(g.id))
    schema["title"] = f"guidepress export of {g.id} {g.version}"
    schema["description"] = (
        f"The export of {g.title} ({g.id}, version {g.version}): the generic guidepress export schema "
        f"({generic['$id']}) with this guideline's grade codes, scheme ids, statement kinds, recommendation "
        "ids and reference keys. Ids are unique in the whole guideline (guaranteed by guidepress check, "
        "which no JSON Schema can express)."
    )
    defs = schema["$defs"]
    kinds = _unique_kinds(g)
    defs["key"] = _one_of([r.key for r in g.references])
    defs["scheme_id"] = _one_of([s.id for s in g.schemes])
    defs["kind_id"] = _one_of([k.id for k in kinds])
    defs["recommendation_id"] = _one_of([r.id for r in g.all_recommendations()])
    defs["chapter_id"] = _one_of([c.id for c in g.chapters])

    scheme = defs["grading_scheme"]["properties"]
    scheme["id"] = {"$ref": "#/$defs/scheme_id"}
    scheme["applies_to"]["items"] = {"$ref": "#/$defs/kind_id"}
    scheme["rules"]["items"]["properties"]["scheme"] = {"$ref": "#/$defs/scheme_id"}
    defs["kind"]["properties"]["id"] = {"$ref": "#/$defs/kind_id"}
    defs["reference_group"]["properties"]["statement"] = {
        "anyOf": [{"$ref": "#/$defs/recommendation_id"}, {"type": "null"}]
    }
    defs["chapter"]["properties"]["see_also"]["items"]["allOf"] = [
        {
            "if": {"properties": {"external": {"const": False}}},
            "then": {"properties": {"chapter": {"$ref": "#/$defs/chapter_id"}}},
        }
    ]

    _narrow_translations(g, schema)

    rec = defs["recommendation"]
    rec["properties"]["kind"] = {"$ref": "#/$defs/kind_id"}
    rec["properties"]["grades"] = _grades(g.schemes)
    rec["allOf"] = [_kind_rule(g, None)] + [_kind_rule(g, k) for k in kinds] + _scheme_rules(g.schemes)
    return schema


def _narrow_translations(g: Guideline, schema: Schema) -> None:
    # A language's own export (its model names the primary) carries no translations.
    languages = list(g.translations) if g.primary_language is None else []
    schema["properties"]["translations"]["propertyNames"] = _one_of(languages)
    if not languages:
        return  # the keys of every text would only lengthen a schema that admits no translation
    texts = schema["$defs"]["translation"]["properties"]
    texts["guideline"]["propertyNames"] = _one_of([key for key, _ in guideline_texts(g)])
    texts["chapters"]["properties"] = {
        c.id: {"$ref": "#/$defs/translated_texts", "propertyNames": _one_of([key for key, _ in chapter_texts(c)])}
        for c in g.chapters
    }
    texts["chapters"]["additionalProperties"] = False


def _one_of(values: list[str]) -> Schema | bool:
    """Exactly these strings; ``False`` (nothing is valid) when there are none."""
    unique = list(dict.fromkeys(values))
    return {"enum": unique} if unique else False


def _unique_kinds(g: Guideline) -> list[Kind]:
    seen: dict[str, Kind] = {}
    for kind in g.statement_kinds():
        seen.setdefault(kind.id, kind)  # the first declaration wins, as g.kind() reads it
    return list(seen.values())


def _grades(schemes: tuple[GradingScheme, ...]) -> Schema:
    return {
        "type": "object",
        "description": "scheme id -> one of the scheme's codes",
        "properties": {s.id: {"enum": [c.code for c in s.codes]} for s in schemes},
        "additionalProperties": False,
    }


def _kind_rule(g: Guideline, kind: Kind | None) -> Schema:
    """What a statement of ``kind`` (None: no kind) must carry, as if/then."""
    if kind is None:
        when: Schema = {"not": {"required": ["kind"]}}
    else:
        when = {"required": ["kind"], "properties": {"kind": {"const": kind.id}}}
    if kind is not None and not kind.graded:
        return {"if": when, "then": {"properties": {"grades": {"maxProperties": 0}}}}
    kind_id = kind.id if kind else None
    applicable = [s.id for s in g.schemes if s.applies(kind_id)]
    required = [s.id for s in g.schemes if s.required and s.applies(kind_id)]
    then: Schema = {
        "properties": {"grades": {"propertyNames": {"enum": applicable}} if applicable else {"maxProperties": 0}}
    }
    if required:
        then["anyOf"] = [
            {"properties": {"grades": {"minProperties": 1, "required": required}}},
            # Without grades it heads children; each child is held to the same rule.
            {"properties": {"grades": {"maxProperties": 0}, "children": {"minItems": 1}}},
        ]
    return {"if": when, "then": then}


def _scheme_rules(schemes: tuple[GradingScheme, ...]) -> list[Schema]:
    """Each ``severity: error`` rule: a grade ``code`` of the owning scheme needs
    the other scheme's code to be ``at_least`` or stronger."""
    by_id = {s.id: s for s in schemes}
    out: list[Schema] = []
    for owner in schemes:
        for rule in owner.rules:
            other = by_id.get(rule.scheme)
            limit = other.rank(rule.at_least) if other else None
            if rule.severity != "error" or other is None or limit is None:
                continue
            allowed = list(dict.fromkeys(c.code for i, c in enumerate(other.codes) if i <= limit))
            out.append(
                {
                    "if": {
                        "properties": {
                            "grades": {"required": [owner.id, other.id], "properties": {owner.id: {"const": rule.code}}}
                        }
                    },
                    "then": {"properties": {"grades": {"properties": {other.id: {"enum": allowed}}}}},
                }
            )
    return out
