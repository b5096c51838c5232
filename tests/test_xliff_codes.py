"""XLIFF inline codes: a text's markup (*emphasis*, **bold**, ~sub~, ^sup^) as <pc> codes a translator moves but
cannot retype, and each code of a target back as that markup, byte for byte; a target whose codes are not the
source's is GP247 at its line and column."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml
from grading_projects import bilingual, edit
from hypothesis import given
from hypothesis import strategies as st
from test_xliff import _schema

from guidepress.cli import main
from guidepress.commands.xliff import INLINE_CODES, Todo, read_xliff, xliff_document
from guidepress.commands.xliff_inline import markup, pieces, shape
from guidepress.guideline_texts import unit_texts, units
from guidepress.model import Guideline
from guidepress.phases import check

CHAPTER = "source/chapters/test-chapter.yml"
GERMAN = "source/translations/de/test-chapter.yml"
#: The primary text of test-second.text, with a bold, an emphasis and a subscript (codes 1, 2, 3).
MARKED = "test statement **two** applies *only* with H~2~O"
#: A new text, a superscript inside an emphasis (codes 1 and 2, 2 inside 1).
NESTED = "New *(artificial ^a^)*"
SUB, SUBTITLE = '<pc id="3"', '<unit id="test-section.subtitle">'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = bilingual(tmp_path / "project")
    edit(root, CHAPTER, "text: test statement two applies", f"text: {MARKED}")
    edit(root, CHAPTER, "    title: Test Section\n", f"    title: Test Section\n    subtitle: {NESTED}\n")
    return root


def _write(project: Path, tmp_path: Path) -> Path:
    out = tmp_path / "de.xlf"
    assert main(["translations", "--root", str(project), "--language", "de", "--xliff", str(out)]) == 0
    return out


def _target(xlf: Path, unit: str, inner: str, state: str = "translated") -> str:
    """The file with ``unit``'s segment in ``state`` and ``inner`` (XML) as its target; returns the file's text."""
    text = xlf.read_text("utf-8")
    segment = re.compile(
        rf'(<unit id="{re.escape(unit)}">.*?<segment )state="initial">(\s*)(<source>.*?</source>)'
        r"(?:\s*<target>.*?</target>)?",
        re.S,
    )
    assert segment.search(text), unit
    text = segment.sub(lambda m: f'{m[1]}state="{state}">{m[2]}{m[3]}{m[2]}<target>{inner}</target>', text, count=1)
    xlf.write_text(text, "utf-8")
    return text


def _pc(code: int, inner: str) -> str:
    return f'<pc id="{code}" dataRefStart="d{2 * code - 1}" dataRefEnd="d{2 * code}">{inner}</pc>'


def _position(text: str, needle: str, nth: int = 1, after: str = '<unit id="test-second.text">') -> tuple[int, int]:
    """Line and column of the ``nth`` occurrence of ``needle`` in ``text`` from the target of the unit ``after``."""
    at = text.index("<target", text.index(after)) - 1
    for _ in range(nth):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1, at - (text.rfind("\n", 0, at) + 1) + 1


def _at(text: str, needle: str, nth: int = 1, after: str = '<unit id="test-second.text">') -> str:
    return "{}:{}".format(*_position(text, needle, nth, after))


def _read(project: Path, xlf: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["translations", "--root", str(project), "--language", "de", "--read-xliff", str(xlf)])
    return code, capsys.readouterr().out.splitlines()


def test_the_markup_is_written_as_paired_codes_with_its_characters_as_original_data(
    project: Path, tmp_path: Path
) -> None:
    etree = pytest.importorskip("lxml.etree")
    xlf = _write(project, tmp_path)
    document = etree.parse(str(xlf))
    assert _schema().validate(document), _schema().error_log
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    unit = document.find(".//x:unit[@id='test-second.text']", ns)
    data = {d.get("id"): d.text for d in unit.findall("x:originalData/x:data", ns)}
    assert data == {"d1": "**", "d2": "**", "d3": "*", "d4": "*", "d5": "~", "d6": "~"}
    source = unit.find("x:segment/x:source", ns)
    codes = [
        (pc.get("id"), pc.get("dataRefStart"), pc.get("dataRefEnd"), pc.text) for pc in source.iter(f"{{{ns['x']}}}pc")
    ]
    assert codes == [("1", "d1", "d2", "two"), ("2", "d3", "d4", "only"), ("3", "d5", "d6", "2")]
    assert "".join(source.itertext()) == "test statement two applies only with H2O"  # no markup left as text
    # The stale translation had no markup: its draft target is text alone.
    assert unit.find("x:segment/x:target", ns).text == "gilt Testaussage zwei"
    nested = document.find(".//x:unit[@id='test-section.subtitle']/x:segment/x:source", ns)
    assert nested.text == "New " and [pc.get("id") for pc in nested.iter(f"{{{ns['x']}}}pc")] == ["1", "2"]
    assert nested[0][0].get("id") == "2"  # the superscript's code inside the emphasis's


def test_a_text_without_markup_is_written_as_text(project: Path, tmp_path: Path) -> None:
    """A unit whose text has no markup has no <originalData> and its source is the text (as before codes)."""
    edit(project, CHAPTER, "{marker: a, text: Test footnote (artificial)}", "{marker: a, text: 'p < 0.05 *1,2 ++'}")
    written = _write(project, tmp_path).read_text("utf-8")
    unit = written[written.index('<unit id="test-section.footnotes.a">') :]
    unit = unit[: unit.index("</unit>")]
    assert "<originalData>" not in unit and "<source>p &lt; 0.05 *1,2 ++</source>" in unit


def _every_text(g: Guideline) -> list[Todo]:
    """Each text of ``g``, its own translation as a stale draft (so the target carries the codes too)."""
    return [(unit, f"{unit}.yml", [(key, text, text) for key, text in unit_texts(g, unit)]) for unit in units(g)]


def _round_trip(g: Guideline, language: str) -> None:
    todo = _every_text(g)
    data = xliff_document(g.language, language, todo).replace(b'state="initial"', b'state="translated"')
    primary = {unit: dict(unit_texts(g, unit)) for unit in units(g)}
    accepted, skipped, problems = read_xliff(data, "x.xlf", g.language, language, primary)
    assert problems == [] and not skipped
    assert accepted == {unit: texts for unit, texts in primary.items() if texts}


def test_every_text_of_the_default_content_comes_back_as_written(guideline: Guideline) -> None:
    _round_trip(guideline, "de")


def test_every_text_of_the_bilingual_project_comes_back_as_written(project: Path) -> None:
    result = check(project)
    assert result.guideline is not None
    texts = [text for unit in units(result.guideline) for _, text in unit_texts(result.guideline, unit)]
    assert MARKED in texts and NESTED in texts
    _round_trip(result.guideline, "de")


_MARKUP = st.text(alphabet="ab *~^_<&\n", max_size=24)


@given(_MARKUP)
def test_the_pieces_of_a_text_are_the_text(text: str) -> None:
    assert markup(pieces(text)) == text


@given(_MARKUP, _MARKUP)
def test_any_text_and_draft_come_back_as_written_or_their_codes_are_reported(text: str, draft: str) -> None:
    """A target with the codes of its source, in the same nesting, comes back as written; any other is GP247."""
    # A blank target is an untranslated unit, counted and left out.
    text, draft = text if text.strip() else "x", draft if draft.strip() else "y"
    for target in (text, draft):
        data = xliff_document("en", "de", [("c", "c.yml", [("k", text, target)])])
        accepted, _, problems = read_xliff(data.replace(b"initial", b"translated"), "x", "en", "de", {"c": {"k": text}})
        if shape(pieces(target)) == shape(pieces(text)):
            assert (accepted, problems) == ({"c": {"k": target}}, [])
        else:
            assert accepted == {} and problems and all(d.code == INLINE_CODES.code for d in problems)


def test_ordinary_text_of_the_default_content_is_no_markup(guideline: Guideline) -> None:
    """Asterisks as table markers ("*1,2"), "++*", "* VATS = ...", "p < 0.05": text, no code."""
    texts = [text for unit in units(guideline) for _, text in unit_texts(guideline, unit)]
    starred = [t for t in texts if "*" in t]
    assert len(starred) >= 5
    assert all(pieces(t) == (t,) for t in texts)


def test_a_translation_with_its_codes_moved_reads_back_as_markup(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlf = _write(project, tmp_path)
    _target(xlf, "test-second.text", f"{_pc(2, 'nur')} mit H{_pc(3, '2')}O gilt Testaussage {_pc(1, 'zwei')}")
    _target(xlf, "test-section.subtitle", "Neu " + _pc(1, "(künstlich " + _pc(2, "a") + ")"))
    code, out = _read(project, xlf, capsys)
    assert code == 0, out
    german = (project / GERMAN).read_text("utf-8")
    assert "text: '*nur* mit H~2~O gilt Testaussage **zwei**'" in german
    assert "text: Neu *(künstlich ^a^)*" in german
    assert [d.as_text() for d in check(project).diagnostics if "/de/" in d.pos.file] == []


def test_translate_toolkit_reads_the_codes_and_a_target_it_edits_reads_back(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    xlf = _write(project, tmp_path)
    store = xliff2.Xliff2File.parsefile(str(xlf))
    units = {u.getid(): u for u in store.units}
    unit = units["test-second.text"]
    assert unit.source == "test statement two applies only with H2O"  # the words; the markup is in the codes
    # A translator's edit through the API: the source's codes copied into the target, the words around them moved.
    unit.target = "placeholder"
    target = unit.target_dom
    target.text = ""
    target.extend(copy.deepcopy(pc) for pc in unit.source_dom)
    bold, em, sub = target
    bold.text, bold.tail = "zwei", " gilt nur "
    em.text, em.tail, sub.tail = "mit", " H", "O, Testaussage"
    em.append(sub)  # a subscript moved into the emphasis: not where the source has it
    unit.marktranslated()
    nested = units["test-section.subtitle"]
    nested.target = "Neu (künstlich)"  # a plain target: the codes are lost
    nested.marktranslated()
    store.savefile(str(xlf))
    saved = xlf.read_text("utf-8")
    code, out = _read(project, xlf, capsys)
    assert code == 1
    assert out == [
        f"{xlf}:{_at(saved, '<target', after=SUBTITLE)}: error GP247 unit 'test-section.subtitle': the target lost "
        "code 1 (emphasis around '(artificial a)' in the source): restore it around the words that translate those",
        f"{xlf}:{_at(saved, '<target', after=SUBTITLE)}: error GP247 unit 'test-section.subtitle': the target lost "
        "code 2 (superscript around 'a' in the source): restore it around the words that translate those",
        f"{xlf}:{_at(saved, SUB)}: error GP247 unit 'test-second.text': code 3 (subscript around '2' in the source) "
        "is inside code 2 in the target but outside every code there: move it outside every code",
        "3 error(s), 0 warning(s)",
    ]
    # Put back where the source has it, the subscript reads back with the rest of the markup.
    store = xliff2.Xliff2File.parsefile(str(xlf))
    unit = {u.getid(): u for u in store.units}["test-second.text"]
    _, em = unit.target_dom
    sub = em[0]
    em.remove(sub)
    em.tail = " H"
    unit.target_dom.append(sub)
    store.removeunit({u.getid(): u for u in store.units}["test-section.subtitle"])
    store.savefile(str(xlf))
    code, out = _read(project, xlf, capsys)
    assert code == 0, out
    assert "text: '**zwei** gilt nur *mit* H~2~O, Testaussage'" in (project / GERMAN).read_text("utf-8")


_BROKEN = [
    pytest.param(
        f"gilt Testaussage zwei {_pc(2, 'nur')} mit H{_pc(3, '2')}O",
        [("<target>gilt", "the target lost code 1 (bold around 'two' in the source): restore it around the words")],
        id="lost",
    ),
    pytest.param(
        f"gilt Testaussage {_pc(1, 'zwei')} {_pc(1, 'nur')} mit H{_pc(3, '2')}O",
        [
            ('<pc id="1"', "code 1 (bold around 'two' in the source) is in the target twice: keep one", 2),
            ("<target>gilt", "the target lost code 2 (emphasis around 'only' in the source)"),
        ],
        id="duplicated",
    ),
    pytest.param(
        f'gilt {_pc(1, "zwei")} {_pc(2, "nur")} {_pc(4, "mit")} H{_pc(3, "2")}O<ph id="9"/>',
        [
            ('<pc id="4"', "code 4 is no code of the source (its codes: 1, 2, 3): take it out"),
            ('<ph id="9"', "code 9 is no code of the source (its codes: 1, 2, 3): take it out"),
        ],
        id="invented",
    ),
    pytest.param(
        f'gilt <sc id="1"/>zwei<ec startRef="1"/> {_pc(2, "nur")} mit H{_pc(3, "2")}O',
        [
            ('<sc id="1"', "code 1 (bold around 'two' in the source) is a <sc> in the target: write it as the <pc>"),
            ("<ec ", "a <ec> without an id is no code of the source (its codes: 1, 2, 3): take it out"),
            ("<target>gilt", "the target lost code 1 (bold around 'two' in the source)"),
        ],
        id="start-and-end-code",
    ),
    pytest.param(
        "gilt " + _pc(1, "zwei " + _pc(2, "nur")) + " mit H" + _pc(3, "2") + "O",
        [('<pc id="2"', "code 2 (emphasis around 'only' in the source) is inside code 1 in the target but outside")],
        id="mis-nested",
    ),
    pytest.param(
        f"gilt {_pc(1, 'zwei ')}{_pc(2, 'nur')} mit H{_pc(3, '2')}O",
        [("<target>gilt", "code 1 (bold around 'two' in the source) begins or ends with a space in the target")],
        id="space-inside",
    ),
    pytest.param(
        f"gilt zwei {_pc(1, '')}{_pc(2, 'nur')} mit H{_pc(3, '2')}O",
        [("<target>gilt", "code 1 (bold around 'two' in the source) holds no words in the target: put the words")],
        id="empty",
    ),
    pytest.param(
        f"gilt {_pc(1, 'zwei')} {_pc(2, 'nur')} mit H{_pc(3, 'zwei 2')}O",
        [("<target>gilt", "code 3 (subscript around '2' in the source) holds a space in the target")],
        id="space-in-subscript",
    ),
    pytest.param(
        f"gilt *Test*aussage {_pc(1, 'zwei')} {_pc(2, 'nur')} mit H{_pc(3, '2')}O",
        [("<target>gilt", "the target reads 'gilt *Test*aussage **zwei** *nur* mit H~2~O' once its codes are")],
        id="typed-markup",
    ),
]


@pytest.mark.parametrize(("target", "expected"), _BROKEN)
def test_a_target_whose_codes_are_not_the_sources_is_reported_at_its_line(
    target: str,
    expected: list[tuple[str, str] | tuple[str, str, int]],
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    xlf = _write(project, tmp_path)
    text = _target(xlf, "test-second.text", target)
    before = (project / GERMAN).read_text("utf-8")
    code, out = _read(project, xlf, capsys)
    assert code == 1 and out[-1] == f"{len(expected)} error(s), 0 warning(s)"
    want = sorted((_position(text, e[0], *e[2:]), e[1]) for e in expected)
    prefix = f"{xlf}:{{}}:{{}}: error GP247 unit 'test-second.text': "
    assert [line[: len(prefix.format(*at)) + len(m)] for line, (at, m) in zip(out[:-1], want, strict=True)] == [
        prefix.format(*at) + m for at, m in want
    ]
    assert (project / GERMAN).read_text("utf-8") == before  # nothing written


def test_every_broken_unit_is_reported_in_one_run(
    project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlf = _write(project, tmp_path)
    _target(xlf, "test-second.text", "gilt Testaussage zwei nur mit H2O")
    _target(xlf, "test-section.subtitle", f"Neu {_pc(2, 'a')}")
    code, out = _read(project, xlf, capsys)
    assert code == 1
    assert [re.sub(r"^.*?: error GP247 unit '([^']+)': (.*?) \(.*", r"\1: \2", line) for line in out] == [
        "test-section.subtitle: the target lost code 1",
        "test-section.subtitle: code 2",
        "test-second.text: the target lost code 1",
        "test-second.text: the target lost code 2",
        "test-second.text: the target lost code 3",
        "5 error(s), 0 warning(s)",
    ]


def test_the_documented_example_is_what_the_command_prints(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    transcript = INLINE_CODES.example.text
    assert transcript is not None
    shown = re.fullmatch(r"\$ guidepress translations (.*?)\n(.*)", transcript, re.S)
    assert shown is not None
    args, printed = shown.groups()
    monkeypatch.chdir(tmp_path)
    xlf = _write(project, tmp_path)
    _target(xlf, "test-second.text", f"gilt Testaussage zwei {_pc(2, 'nur')} mit H{_pc(3, '2')}O")
    _target(xlf, "test-section.subtitle", "Neu " + _pc(1, "(künstlich " + _pc(2, "a") + ")"))
    capsys.readouterr()
    assert main(["translations", "--root", str(project), *args.split()]) == 1
    assert capsys.readouterr().out == printed


@pytest.mark.parametrize("hex_digits", ["zz", "110000", "D800", ""])
def test_a_cp_that_names_no_character_is_reported(
    hex_digits: str, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlf = _write(project, tmp_path)
    text = _target(
        xlf, "test-second.text", f'gilt <cp hex="{hex_digits}"/>{_pc(1, "zwei")} {_pc(2, "nur")} H{_pc(3, "2")}O'
    )
    code, out = _read(project, xlf, capsys)
    assert code == 1
    assert out == [
        f'{xlf}:{_at(text, "<cp ")}: error GP245 <cp hex="{hex_digits}"> names no character: write the character, '
        "or its code point in hex (1 to 10FFFF)",
        "1 error(s), 0 warning(s)",
    ]


def test_a_cp_is_its_character(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    xlf = _write(project, tmp_path)
    _target(xlf, "test-second.text", f'gilt<cp hex="A0"/>{_pc(1, "zwei")} {_pc(2, "nur")} H{_pc(3, "2")}O')
    code, out = _read(project, xlf, capsys)
    assert code == 0, out
    written = yaml.safe_load((project / GERMAN).read_text("utf-8"))["texts"]["test-second.text"]["text"]
    assert written == "gilt\u00a0**zwei** *nur* H~2~O"
