"""`guidepress translations --xliff / --read-xliff` (issue 16, item 4): XLIFF 2.0 out to a translation office and back.

The file written is checked against the official XLIFF 2.0 core schema and
the Metadata module's (OASIS, vendored in tests/data/xliff/, see its
README), and read by a third-party XLIFF 2.0 client, translate-toolkit.
The round trip edits the file the way a CAT tool does (a target, the
segment's state), reads it back and builds the German page with it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from grading_projects import bilingual, edit
from hypothesis import given
from hypothesis import strategies as st

from guidepress.chapter_texts import fingerprint
from guidepress.cli import main
from guidepress.commands.xliff import NOT_OURS, key_of, nmtoken
from guidepress.phases import check

CHAPTER = "source/chapters/test-chapter.yml"
GERMAN = "source/translations/de/test-chapter.yml"
SCHEMAS = Path(__file__).parent / "data" / "xliff"
XLIFF = "urn:oasis:names:tc:xliff:document:2.0"
EDITED = "test statement two now applies"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The bilingual fixture with one primary text edited (its translation stale) and one added (untranslated)."""
    root = bilingual(tmp_path / "project")
    edit(root, CHAPTER, "text: test statement two applies", f"text: {EDITED}")
    edit(root, CHAPTER, "    title: Test Section\n", "    title: Test Section\n    subtitle: New (artificial)\n")
    return root


def _german_problems(project: Path) -> list[str]:
    """What check says of the project but for its patient versions (the fixture's en-x-patients and
    de-x-patients), which the edited primary text makes stale too."""
    return [d.as_text() for d in check(project).diagnostics if "-x-patients/" not in d.pos.file]


def _write(project: Path, tmp_path: Path) -> Path:
    out = tmp_path / "de.xlf"
    assert main(["translations", "--root", str(project), "--language", "de", "--xliff", str(out)]) == 0
    return out


def _read(project: Path, xlf: Path, language: str = "de", *more: str) -> int:
    return main(["translations", "--root", str(project), "--language", language, "--read-xliff", str(xlf), *more])


def _translate(xlf: Path, source: str, target: str, state: str = "translated") -> None:
    """What a CAT tool does to a segment: the translation as its target, the state it says."""
    text = xlf.read_text("utf-8")
    segment = re.compile(
        rf'<segment state="initial">(\s*)<source>{re.escape(source)}</source>(?:\s*<target>[^<]*</target>)?'
    )
    assert segment.search(text), source
    replaced = rf'<segment state="{state}">\1<source>{source}</source>\1<target>{target}</target>'
    xlf.write_text(segment.sub(replaced, text, count=1), "utf-8")


def _schema() -> Any:
    etree = pytest.importorskip("lxml.etree")
    both = (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        f'<xs:import namespace="{XLIFF}" schemaLocation="xliff_core_2.0.xsd"/>'
        '<xs:import namespace="urn:oasis:names:tc:xliff:metadata:2.0" schemaLocation="metadata.xsd"/>'
        "</xs:schema>"
    )
    # The core schema imports xml.xsd from the folder the OASIS publication has it in: nothing is fetched.
    return etree.XMLSchema(etree.fromstring(both.encode(), base_url=(SCHEMAS / "both.xsd").as_uri()))


def test_the_file_is_valid_xliff_2_0_with_the_stale_translation_as_an_initial_target(
    project: Path, tmp_path: Path
) -> None:
    etree = pytest.importorskip("lxml.etree")
    xlf = _write(project, tmp_path)
    schema = _schema()
    document = etree.parse(str(xlf))
    assert schema.validate(document), schema.error_log
    ns = {"x": XLIFF, "mda": "urn:oasis:names:tc:xliff:metadata:2.0"}
    root = document.getroot()
    assert (root.get("srcLang"), root.get("trgLang"), root.get("version")) == ("en", "de", "2.0")
    [file] = root.findall("x:file", ns)
    assert file.get("id") == "test-chapter" and file.get("original") == CHAPTER
    units = {u.get("id"): u for u in file.findall("x:unit", ns)}
    assert sorted(units) == ["test-second.text", "test-section.subtitle"]  # missing and stale only
    stale = units["test-second.text"]
    assert stale.findtext("x:segment/x:source", namespaces=ns) == EDITED
    assert stale.findtext("x:segment/x:target", namespaces=ns) == "gilt Testaussage zwei"
    assert stale.find("x:segment", ns).get("state") == "initial"
    assert stale.findtext("mda:metadata/mda:metaGroup/mda:meta[@type='from']", namespaces=ns) == fingerprint(EDITED)
    assert units["test-section.subtitle"].find("x:segment/x:target", ns) is None


def test_a_schema_violation_is_seen(project: Path, tmp_path: Path) -> None:
    """The schema check can fail: a segment state XLIFF 2.0 does not have."""
    etree = pytest.importorskip("lxml.etree")
    xlf = _write(project, tmp_path)
    broken = xlf.read_bytes().replace(b'state="initial"', b'state="fuzzy"', 1)
    assert not _schema().validate(etree.fromstring(broken))


def test_round_trip_a_cat_tool_fills_a_target_and_the_german_page_prints_it(project: Path, tmp_path: Path) -> None:
    assert any(d.code == "GP242" for d in check(project).diagnostics)
    xlf = _write(project, tmp_path)
    _translate(xlf, EDITED, "gilt nun Testaussage zwei")
    _translate(xlf, "New (artificial)", "Neu (künstlich)")
    before = (project / GERMAN).read_text("utf-8")
    assert _read(project, xlf) == 0
    assert _german_problems(project) == []  # neither stale (GP242) nor missing (GP241)
    assert (project / GERMAN).read_text("utf-8") != before
    assert main(["build", "--root", str(project), "--no-cards"]) == 0
    page = BeautifulSoup((project / "site" / "de" / "test-chapter" / "index.html").read_text("utf-8"), "html.parser")
    assert "gilt nun Testaussage zwei" in page.get_text() and "Neu (künstlich)" in page.get_text()


def test_translate_toolkit_reads_it_as_xliff_2_0_and_what_it_saves_reads_back(project: Path, tmp_path: Path) -> None:
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    xlf = _write(project, tmp_path)
    store = xliff2.Xliff2File.parsefile(str(xlf))
    assert (store.getsourcelanguage(), store.gettargetlanguage()) == ("en", "de")
    units = {u.getid(): u for u in store.units}
    assert sorted(units) == ["test-second.text", "test-section.subtitle"]
    assert units["test-second.text"].source == EDITED
    # Its reading of the stale translation: a fuzzy draft, not a translation.
    assert units["test-second.text"].isfuzzy() and not units["test-second.text"].istranslated()
    assert not units["test-section.subtitle"].target
    for key, translation in (("test-second.text", "gilt nun Testaussage zwei"), ("test-section.subtitle", "Neu")):
        units[key].target = translation
        units[key].marktranslated()
    store.savefile(str(xlf))
    assert _read(project, xlf) == 0
    assert _german_problems(project) == []
    assert "gilt nun Testaussage zwei" in (project / GERMAN).read_text("utf-8")


def test_units_not_done_are_left_out_and_counted(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlf = _write(project, tmp_path)
    _translate(xlf, EDITED, "gilt nun Testaussage zwei", state="initial")  # edited, not confirmed
    before = (project / GERMAN).read_text("utf-8")
    capsys.readouterr()
    assert _read(project, xlf) == 0
    assert capsys.readouterr().out == "2 unit(s) left out: 1 not marked translated, 1 untranslated\n"
    assert (project / GERMAN).read_text("utf-8") == before


def test_a_unit_whose_primary_text_changed_since_is_left_out(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlf = _write(project, tmp_path)
    _translate(xlf, EDITED, "gilt nun Testaussage zwei")
    _translate(xlf, "New (artificial)", "Neu (künstlich)", state="final")
    edit(project, CHAPTER, f"text: {EDITED}", "text: test statement two applies again")
    capsys.readouterr()
    assert _read(project, xlf) == 0
    out = capsys.readouterr().out
    assert out.endswith("1 unit(s) left out: 1 made from an earlier primary text\n")
    german = (project / GERMAN).read_text("utf-8")
    assert "Neu (künstlich)" in german and "gilt nun" not in german


def test_the_fingerprint_carried_tells_an_older_primary_text(project: Path, tmp_path: Path) -> None:
    """A unit whose source was made to look current (by hand) still carries the fingerprint it was written with."""
    xlf = _write(project, tmp_path)
    _translate(xlf, EDITED, "gilt nun Testaussage zwei")
    text = xlf.read_text("utf-8").replace(fingerprint(EDITED), fingerprint("test statement two applies"))
    xlf.write_text(text, "utf-8")
    assert _read(project, xlf) == 0
    assert "gilt nun" not in (project / GERMAN).read_text("utf-8")


def test_without_the_fingerprint_the_source_decides(project: Path, tmp_path: Path) -> None:
    """A tool that drops the Metadata module: the unit is taken when its source is the primary text now."""
    xlf = _write(project, tmp_path)
    _translate(xlf, EDITED, "gilt nun Testaussage zwei")
    text = re.sub(r"\s*<mda:metadata>.*?</mda:metadata>", "", xlf.read_text("utf-8"), flags=re.S)
    assert "mda:meta " not in text
    xlf.write_text(text, "utf-8")
    assert _read(project, xlf) == 0
    assert "gilt nun Testaussage zwei" in (project / GERMAN).read_text("utf-8")


def _reported(project: Path, xlf: Path, capsys: pytest.CaptureFixture[str], language: str = "de") -> list[str]:
    capsys.readouterr()
    before = (project / GERMAN).read_text("utf-8")
    assert _read(project, xlf, language) == 1
    assert (project / GERMAN).read_text("utf-8") == before  # a file with problems writes nothing
    out = capsys.readouterr().out.splitlines()
    assert out[-1].endswith("error(s), 0 warning(s)")
    return out[:-1]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.replace("</xliff>", ""), r":30:1: error GP245 the file is not well-formed XML: no element found"),
        (lambda t: t.replace(XLIFF, "urn:oasis:names:tc:xliff:document:1.2"), r":2:1: error GP245 .*document:1\.2"),
        (lambda t: t.replace('version="2.0"', 'version="1.2"'), r":2:1: error GP245 the file is XLIFF version '1.2'"),
        (lambda t: t.replace('srcLang="en"', 'srcLang="fr"'), r":2:1: error GP245 srcLang is 'fr'"),
        (lambda t: t.replace('trgLang="de"', 'trgLang="dsb"'), r":2:1: error GP245 trgLang is 'dsb', not the language"),
        (lambda t: t.replace('trgLang="de"', ""), r":2:1: error GP245 trgLang is missing"),
        (lambda t: t.replace('unit id="test-second.text"', 'unit id="test-gone.text"'), r":14:5: error GP246"),
        (lambda t: t.replace('file id="test-chapter"', 'file id="other"'), r":3:3: error GP246 file 'other'"),
        (
            lambda t: t.replace("<xliff ", '<!DOCTYPE x [<!ENTITY a "b">]>\n<xliff ', 1),
            r":2:\d+: error GP245 the file has a DOCTYPE",
        ),
    ],
)
def test_problems_of_the_file_are_reported_at_their_line(
    edit: object, expected: str, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlf = _write(project, tmp_path)
    assert callable(edit)
    xlf.write_text(edit(xlf.read_text("utf-8")), "utf-8")
    [line] = _reported(project, xlf, capsys)
    assert line.startswith(str(xlf)) and re.search(expected, line), line


def test_the_documented_example_is_what_the_command_prints(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """GP245's transcript in docs/diagnostics.md: its file read back gives the lines shown."""
    transcript = NOT_OURS.example.text
    assert transcript is not None
    shown = re.fullmatch(r"\$ cat (\S+)\n(.*?)\$ guidepress translations (.*?)\n(.*)", transcript, re.S)
    assert shown is not None
    name, content, args, printed = shown.groups()
    monkeypatch.chdir(tmp_path)
    # The example's file is of chapter 'liver', a project that is not this one: the language is checked first.
    (tmp_path / name).write_text(content, "utf-8")
    assert main(["translations", "--root", str(project), *args.split()]) == 1
    assert capsys.readouterr().out == printed


def test_a_cat_tool_may_name_the_languages_with_their_region(project: Path, tmp_path: Path) -> None:
    xlf = _write(project, tmp_path)
    _translate(xlf, EDITED, "gilt nun Testaussage zwei")
    text = xlf.read_text("utf-8").replace('srcLang="en" trgLang="de"', 'srcLang="en-US" trgLang="de-DE"')
    xlf.write_text(text, "utf-8")
    assert _read(project, xlf) == 0
    assert "gilt nun Testaussage zwei" in (project / GERMAN).read_text("utf-8")


def test_the_problems_as_json(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlf = _write(project, tmp_path)
    xlf.write_text(xlf.read_text("utf-8").replace('unit id="test-second.text"', 'unit id="gone.text"'), "utf-8")
    capsys.readouterr()
    assert _read(project, xlf, "de", "--format", "json") == 1
    report = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["line"]) for d in report["diagnostics"]] == [("GP246", 14)] and report["errors"] == 1
    _translate(_write(project, tmp_path), EDITED, "gilt nun Testaussage zwei")
    capsys.readouterr()
    assert _read(project, xlf, "de", "--format", "json") == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {"diagnostics": [], "errors": 0, "warnings": 0}
    assert "wrote" in captured.err and "left out" in captured.err


def test_usage_problems_exit_2(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlf = _write(project, tmp_path)
    both = ["translations", "--root", str(project), "--language", "de", "--xliff", str(xlf), "--po", str(xlf)]
    assert main(both) == 2
    assert "give one of --po, --read-po, --xliff, --read-xliff, not --po and --xliff" in capsys.readouterr().err
    assert _read(project, tmp_path / "absent.xlf") == 2
    err = capsys.readouterr().err
    assert err == f"guidepress translations: cannot read {tmp_path / 'absent.xlf'}: No such file or directory\n"
    assert _read(project, tmp_path) == 2  # a folder
    assert "Is a directory" in capsys.readouterr().err
    out = ["translations", "--root", str(project), "--language", "de", "--xliff", str(tmp_path / "no" / "de.xlf")]
    assert main(out) == 2
    assert "cannot write" in capsys.readouterr().err
    assert _read(project, xlf, language="fr") == 2


def test_nothing_to_translate_writes_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = bilingual(tmp_path / "project")
    out = tmp_path / "de.xlf"
    assert main(["translations", "--root", str(root), "--language", "de", "--xliff", str(out)]) == 0
    assert not out.exists() and "nothing to translate" in capsys.readouterr().out


@given(st.text(min_size=1))
def test_a_key_is_an_nmtoken_and_comes_back(key: str) -> None:
    token = nmtoken(key)
    assert re.fullmatch(r"[A-Za-z0-9._:-]+", token)
    assert key_of(token) == key
