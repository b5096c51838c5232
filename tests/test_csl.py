"""references.json as standard CSL processors read it.

The items are validated against the official CSL-JSON schema (vendored:
tests/data/csl-data.json, MIT, see tests/data/csl-data.LICENSE.txt) and
rendered with citeproc-py through the vendored NLM/Vancouver style
(build_tools/guidepress/resources/csl/), then compared with what the source
prints (tests/data/ago-breast-2023.1E-sites-of-metastases.txt).
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from conftest import ROOT

from guidepress.load.bibtex import load_bib
from guidepress.model import Guideline, NameList, Person, Reference
from guidepress.render.csl import csl_item, given
from guidepress.render.export import export_files

SCHEMA = json.loads((ROOT / "tests" / "data" / "csl-data.json").read_text(encoding="utf-8"))
STYLE = ROOT / "build_tools" / "guidepress" / "resources" / "csl" / "nlm-citation-sequence.csl"
SOURCE_TEXT = ROOT / "tests" / "data" / "ago-breast-2023.1E-sites-of-metastases.txt"
FIXTURE = ROOT / "tests" / "projects" / "bib-exports"


def render(items: list[dict[str, Any]], style: Path = STYLE) -> dict[str, str]:
    """Item id -> its bibliography entry as citeproc-py prints it (plain text)."""
    with warnings.catch_warnings():
        # citeproc-py warns about each variable it does not know (custom).
        warnings.simplefilter("ignore", UserWarning)
        source = CiteProcJSON(items)
        bibliography = CitationStylesBibliography(
            CitationStylesStyle(str(style), validate=False), source, formatter.plain
        )
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        entries = [str(entry) for entry in bibliography.bibliography()]
    # The style numbers the list in citation order: the order items were registered.
    return {item["id"]: re.sub(r"^\d+\.", "", text) for item, text in zip(items, entries, strict=True)}


@pytest.fixture(scope="module")
def items(guideline: Guideline) -> list[dict[str, Any]]:
    return json.loads(export_files(guideline)["export/references.json"])


@pytest.fixture(scope="module")
def rendered(items: list[dict[str, Any]]) -> dict[str, str]:
    return render(items)


def test_references_json_validates_against_the_official_schema(items: list[dict[str, Any]]) -> None:
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    jsonschema.Draft7Validator(SCHEMA).validate(items)
    assert len(items) == 104


def test_exports_fixture_validates_against_the_official_schema() -> None:
    refs, _ = load_bib(FIXTURE / "bib", FIXTURE)
    jsonschema.Draft7Validator(SCHEMA).validate([csl_item(r) for r in refs])


def test_citeproc_renders_every_work(items: list[dict[str, Any]], rendered: dict[str, str]) -> None:
    assert len(rendered) == 104
    for item in items:
        text = rendered[item["id"]]
        assert item["title"].rstrip("?.") in text, item["id"]
        family = item["author"][0].get("family") or item["author"][0]["literal"] if "author" in item else ""
        assert family in text, item["id"]


def _printed_with_et_al(refs: list[Reference]) -> dict[str, bool]:
    """BibTeX key -> whether the source prints the work's author list with "et al."."""
    text = " ".join(SOURCE_TEXT.read_text(encoding="utf-8").split())
    # Numbered items; a date's day ("Sep 16. 2. Berlière") can take a number's place in the split.
    printed = [re.sub(r"^(?:\d{1,2}\. )+", "", item) for item in re.split(r"(?:^| )\d{1,2}\. (?=\S)", text)]
    out = {}
    for ref in refs:
        probe = (ref.get("title") or "")[:40].lower()
        names = ref.names_of("author")
        first = names.people[0] if names and names.people else None
        lead = " ".join(p for p in (first.particle, first.family or first.literal) if p) if first else ""
        heads = [item[: item.lower().index(probe)] for item in printed if probe in item.lower()]
        heads = [h for h in heads if h.startswith(lead)]
        assert heads, f"{ref.key} not found in the source"
        found = {bool(re.search(r"\bet al\b", h)) for h in heads}
        assert len(found) == 1, f"{ref.key} is printed both with and without et al."
        out[ref.key] = found.pop()
    return out


def test_every_work_printed_with_et_al_renders_with_et_al(guideline: Guideline, rendered: dict[str, str]) -> None:
    et_al = _printed_with_et_al(list(guideline.references))
    assert sum(et_al.values()) == 85
    for key, printed in et_al.items():
        assert (rendered[key].count("et al.") == 1) is printed, (key, rendered[key])


def test_a_shorter_et_al_rule_of_the_style_prints_et_al_once(items: list[dict[str, Any]], tmp_path: Path) -> None:
    short = tmp_path / "short-et-al.csl"
    style = STYLE.read_text(encoding="utf-8")
    short.write_text(
        style.replace('et-al-min="7" et-al-use-first="6"', 'et-al-min="2" et-al-use-first="1"'), encoding="utf-8"
    )
    out = render(items, short)
    assert out["aarts2021intraarterial"].startswith("Aarts BM et al. Intra-Arterial")
    assert out["bale2019local"].startswith("Bale R et al. Local Treatment")


def test_initials_particles_and_suffixes_render_as_printed(rendered: dict[str, str]) -> None:
    assert rendered["aarts2021intraarterial"].startswith("Aarts BM, Muñoz FMG, Wildiers H, et al. ")
    assert rendered["kent2021oligometastatic"].startswith("Kent CL, McDuff SGR, Salama JK. ")
    assert rendered["zamboni2015important"].startswith("Zamboni MM, da Silva CT Jr, Baretta R, et al. ")
    assert rendered["poggio2018controversies"].startswith("Poggio F, Lambertini M, de Azambuja E. ")
    assert rendered["amabile2020locoregional"].startswith("Amabile MI, Frusone F, De Luca A, et al. ")
    assert rendered["bjelicradisic2020primary"].startswith("Bjelic-Radisic V, Fitzal F, Knauer M, ABCSG. ")


def test_dates_and_printed_notes_render(items: list[dict[str, Any]], rendered: dict[str, str]) -> None:
    by_id = {i["id"]: i for i in items}
    assert by_id["lambert2020intrapericardial"]["issued"] == {"date-parts": [[2020, 7], [2020, 8]]}
    assert "Jul–Aug" in rendered["lambert2020intrapericardial"]
    assert "2020" in rendered["lambert2020intrapericardial"]
    assert "pii: S1051-0443(17)30911-9" in rendered["bale2017stereotactic"]
    assert "pii: e007598" in rendered["strobbe2017etiology"]
    helmberger = rendered["helmberger2021clinical"]
    assert helmberger.startswith(
        "Helmberger T, Golfieri R, Pech M, et al., On behalf of the CIRT Steering "
        "Committee, On behalf of the CIRT Principal Investigators. Clinical"
    )
    assert by_id["diazroldan2021systematic"]["status"] == "Online ahead of print"
    assert by_id["diazroldan2021systematic"]["note"] == "Review."


@pytest.mark.parametrize(
    ("printed", "csl"),
    [
        ("BM", "B. M."),
        ("FMG", "F. M. G."),
        ("H", "H."),
        ("J-P", "J.-P."),
        ("ÅB", "Å. B."),
        ("B M", "B. M."),
        ("B. M.", "B. M."),
        ("Jan", "Jan"),
        ("Anne-Sophie", "Anne-Sophie"),
        ("Yl", "Yl"),
        ("JOHNNY", "JOHNNY"),
    ],
)
def test_given_names_keep_their_initials(printed: str, csl: str) -> None:
    assert given(printed) == csl


def _ref(fields: dict[str, str], names: tuple[tuple[str, NameList], ...] = ()) -> Reference:
    return Reference("k", "article", tuple(fields.items()), names)


@pytest.mark.parametrize(
    ("fields", "issued"),
    [
        ({"year": "2021"}, {"date-parts": [[2021]]}),
        ({"year": "2021", "month": "12"}, {"date-parts": [[2021, 12]]}),
        ({"year": "2017", "month": "12", "day": "19"}, {"date-parts": [[2017, 12, 19]]}),
        ({"year": "2017", "month": "12", "day": "1-2"}, {"date-parts": [[2017, 12, 1], [2017, 12, 2]]}),
        ({"year": "2020", "month": "7-8"}, {"date-parts": [[2020, 7], [2020, 8]]}),
        ({"year": "2016", "month": "Spring"}, {"date-parts": [[2016]], "season": 1}),
        ({"year": "2016", "month": "Fall"}, {"date-parts": [[2016]], "season": 3}),
        ({"year": "in press"}, {"literal": "in press"}),
        ({"date": "2016-07/2016-08", "year": "1999"}, {"date-parts": [[2016, 7], [2016, 8]]}),
        ({"year": "2016", "date": "2016-12-19"}, {"date-parts": [[2016, 12, 19]]}),
    ],
)
def test_dates_as_printed(fields: dict[str, str], issued: dict[str, Any]) -> None:
    assert csl_item(_ref(fields))["issued"] == issued


def test_note_parts_go_where_processors_print_them() -> None:
    authors = (("author", NameList((Person(family="A", given="B"),), et_al=True)),)
    item = csl_item(
        _ref({"title": "T", "note": "pii: S1. Online ahead of print. On behalf of the X Group; Review."}, authors)
    )
    assert item["page"] == "pii: S1"
    assert item["status"] == "Online ahead of print"
    assert item["author"] == [
        {"family": "A", "given": "B."},
        {"literal": "et al."},
        {"literal": "On behalf of the X Group"},
    ]
    assert item["note"] == "Review."
    # A pii is the locator only when there are no pages; otherwise it stays in the note.
    paged = csl_item(_ref({"pages": "1–2", "note": "pii: S1"}))
    assert (paged["page"], paged["note"]) == ("1-2", "pii: S1")
    # With no author list, "On behalf of" stays the note.
    assert csl_item(_ref({"note": "On behalf of the X Group"}))["note"] == "On behalf of the X Group"
