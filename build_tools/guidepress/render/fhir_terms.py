"""The FHIR export's building blocks: resource ids, narratives, code systems, citations.

Plain JSON data (dicts), so that writing the Bundle needs no FHIR library;
the tests validate it with fhir.resources (R5). render/fhir.py assembles
them into the Bundle; docs/fhir.md is the mapping.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import Counter
from typing import Any

from ..model import GradingScheme, Guideline
from . import addresses

Resource = dict[str, Any]

#: FHIR's id datatype.
_FHIR_ID = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_NOT_ID = re.compile(r"[^A-Za-z0-9.-]+")
DOI_SYSTEM = "https://doi.org"
PMID_SYSTEM = "https://pubmed.ncbi.nlm.nih.gov"
URI_SYSTEM = "urn:ietf:rfc:3986"
# A required primitive the source does not give: its extension instead of a value.
UNKNOWN = {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": "unknown"}]}


def fhir_id(raw: str) -> str:
    """A resource id made from a guideline id or a BibTeX key: the same text
    when FHIR allows it (every slug up to 64 characters does), else its
    allowed characters and a digest of the whole, so that it stays the same
    from release to release and two raw ids never share one."""
    if _FHIR_ID.fullmatch(raw):
        return raw
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:10]
    stem = _NOT_ID.sub("-", raw).strip("-.")[:53]
    return f"{stem}-{digest}" if stem else digest


def narrative(*blocks: str) -> dict[str, str]:
    """A generated narrative of ready-made XHTML ``blocks`` (each already escaped)."""
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{"".join(blocks)}</div>'}


def para(text: str, tag: str = "p") -> str:
    return f"<{tag}>{html.escape(text, quote=False)}</{tag}>"


def computable_name(*parts: str) -> str:
    """A canonical resource's ``name`` (FHIR's pattern: a letter, then letters,
    digits and underscores): "esmo-loe" -> "EsmoLoe"."""
    words = [w for part in parts for w in re.split(r"[^A-Za-z0-9]+", part) if w]
    name = "".join(w[:1].upper() + w[1:] for w in words)
    return name if name[:1].isalpha() else "Scheme" + name


def code_systems(g: Guideline, base: str) -> dict[str, str]:
    """Scheme id -> the URI that identifies its codes (Coding.system, CodeSystem.url).

    The scheme file's ``uri`` when it names this scheme alone; a ``uri`` that
    two schemes share (Oxford 2009 publishes its levels and its grades on one
    page) identifies neither, and a scheme without one has none: those get
    the guideline's own canonical URL, ``<site_url>fhir/CodeSystem/<id>``.
    """
    shared = Counter(s.uri for s in g.schemes if s.uri)
    return {
        s.id: s.uri if s.uri and shared[s.uri] == 1 else addresses.fhir_url(base, "CodeSystem", fhir_id(s.id))
        for s in g.schemes
    }


def code_system(g: Guideline, scheme: GradingScheme, system: str, date: str | None) -> Resource:
    concepts: list[dict[str, Any]] = []
    seen: set[str] = set()
    for rank, code in enumerate(scheme.codes):
        if code.code in seen:  # listed twice (GP214): the first counts, as in the model
            continue
        seen.add(code.code)
        concepts.append(
            {
                "code": code.code,
                "display": code.meaning,
                "definition": code.meaning,
                "designation": [{"value": code.spoken}],
                "property": [{"code": "rank", "valueInteger": rank}],
            }
        )
    resource: Resource = {
        "resourceType": "CodeSystem",
        "id": fhir_id(scheme.id),
        "url": system,
        "version": g.version,
        "name": computable_name(scheme.id),
        "title": scheme.name,
        "status": "active",
    }
    if date:
        resource["date"] = date
    resource["publisher"] = g.publisher
    if scheme.description:
        resource["description"] = scheme.description
    if scheme.uri or scheme.citation:
        cited: dict[str, Any] = {"type": "documentation"}
        if scheme.citation:
            cited["citation"] = scheme.citation
        if scheme.uri:
            cited["document"] = {"url": scheme.uri}
        resource["relatedArtifact"] = [cited]
    resource.update(
        {
            "caseSensitive": True,
            "content": "complete",
            "count": len(concepts),
            "property": [
                {
                    "code": "rank",
                    "type": "integer",
                    "description": "Position in the scheme's order of strength; 0 is the strongest.",
                }
            ],
            "concept": concepts,
        }
    )
    return resource


def citation(item: dict[str, Any], base: str, date: str | None) -> Resource:
    """A Citation of one CSL-JSON item of the export (``id``: the BibTeX key)."""
    rid = fhir_id(item["id"])
    artifact: dict[str, Any] = {}
    identifiers = [
        {"system": system, "value": item[key]}
        for key, system in (("DOI", DOI_SYSTEM), ("PMID", PMID_SYSTEM))
        if item.get(key)
    ]
    if identifiers:
        artifact["identifier"] = identifiers
    if item.get("title"):
        artifact["title"] = [{"text": item["title"]}]
    if form := _publication_form(item):
        artifact["publicationForm"] = [form]
    if item.get("URL"):
        artifact["webLocation"] = [{"url": item["URL"]}]
    if people := _contributors(item):
        artifact["contributorship"] = people
    resource: Resource = {
        "resourceType": "Citation",
        "id": rid,
        "url": addresses.fhir_url(base, "Citation", rid),
        "identifier": [{"system": addresses.fhir_url(base, "NamingSystem", "bibtex-key"), "value": item["id"]}],
    }
    if item.get("title"):
        resource["title"] = item["title"]
    resource["status"] = "active"
    if date:
        resource["date"] = date
    resource["citedArtifact"] = artifact
    return resource


def _publication_form(item: dict[str, Any]) -> dict[str, Any]:
    form: dict[str, Any] = {}
    if item.get("container-title"):
        form["publishedIn"] = {"title": item["container-title"]}
    for key, field in (("volume", "volume"), ("issue", "issue"), ("page", "pageString")):
        if item.get(key):
            form[field] = str(item[key])
    issued = item.get("issued") or {}
    parts = issued.get("date-parts")
    year, month = (list(parts[0][:2]) + [None, None])[:2] if parts and parts[0] else (None, None)
    if isinstance(year, int):
        form["articleDate"] = f"{year:04d}-{month:02d}" if isinstance(month, int) else f"{year:04d}"
    elif issued.get("literal"):
        form["publicationDateText"] = str(issued["literal"])
    return form


def _contributors(item: dict[str, Any]) -> dict[str, Any]:
    entries = []
    for rank, person in enumerate(item.get("author") or [], 1):
        name = person.get("literal") or " ".join(p for p in (person.get("family"), person.get("given")) if p)
        if name:
            entries.append({"contributor": {"display": name}, "rankingOrder": rank})
    if not entries:
        return {}
    et_al = bool((item.get("custom") or {}).get("author-et-al"))
    return {"complete": not et_al, "entry": entries}
