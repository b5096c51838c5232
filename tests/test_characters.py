"""GP113: which invisible characters are refused, and at which line and column (load/characters.py)."""

from __future__ import annotations

import re
import sys
import unicodedata

import pytest

from guidepress.load.characters import ALLOWED_FORMAT, JOINERS, REFUSED_FORMAT, invisible_characters
from guidepress.load.yamltree import parse


def test_every_format_character_is_refused_or_allowed_on_purpose() -> None:
    """The refused set is written out (computing it takes a scan of all of Unicode); each
    format character of this Python's Unicode database is in it or allowed for a reason."""
    sorted_out = re.compile(f"[{REFUSED_FORMAT}{ALLOWED_FORMAT}{JOINERS}]")
    missing = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Cf" and not sorted_out.match(chr(c))
    ]
    assert missing == []


def test_refused_and_allowed_do_not_overlap() -> None:
    refused = re.compile(f"[{REFUSED_FORMAT}]")
    allowed = re.compile(f"[{ALLOWED_FORMAT}]")
    assert not any(refused.match(chr(c)) and allowed.match(chr(c)) for c in range(sys.maxunicode + 1))


@pytest.mark.parametrize(
    ("char", "what"),
    [
        ("\u202e", "bidirectional control U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u2066", "bidirectional control U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("\u200f", "bidirectional control U+200F RIGHT-TO-LEFT MARK"),
        ("\u200b", "invisible character U+200B ZERO WIDTH SPACE"),
        ("\u2060", "invisible character U+2060 WORD JOINER"),
        ("\ufeff", "invisible character U+FEFF ZERO WIDTH NO-BREAK SPACE"),
        ("\U000e0041", "invisible character U+E0041 TAG LATIN CAPITAL LETTER A"),
    ],
)
def test_refused_at_its_line_and_column(char: str, what: str) -> None:
    text = f"id: liver\ntitle: Liver metastases\nsubtitle: Resection {char}or ablation\n"
    [diag] = invisible_characters(text, "liver.yml")
    assert (diag.code, diag.pos.line, diag.pos.col) == ("GP113", 3, 21)
    assert what in diag.message


@pytest.mark.parametrize(
    "text",
    [
        "Pharmako\u00adkinetik",  # soft hyphen
        "\U0001f469\u200d\u2695\ufe0f",  # woman health worker: an emoji sequence
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian, with its zero width non-joiner
        "\u0600\u0661\u0662",  # the Arabic number sign: visible
    ],
)
def test_allowed(text: str) -> None:
    assert invisible_characters(f"text: {text}\n", "liver.yml") == []


@pytest.mark.parametrize("text", ["HER\u200d2", "HER\u200c2", "\u200d\U0001f469", "\U0001f469\u200d "])
def test_a_joiner_next_to_ascii_or_space_is_refused(text: str) -> None:
    assert [d.code for d in invisible_characters(f"text: {text}\n", "liver.yml")] == ["GP113"]


def test_control_characters_are_refused_in_bibtex_only() -> None:
    bib = "@misc{smith2020,\n  title = {Resection\x00 of liver metastases},\n}\n"
    [diag] = invisible_characters(bib, "liver.bib", controls=True)
    assert (diag.pos.line, diag.pos.col) == (2, 21) and "control character U+0000" in diag.message
    assert invisible_characters("a\tb\n", "liver.bib", controls=True) == []


def test_many_are_counted_not_listed() -> None:
    diags = invisible_characters("x\u200b" * 1000, "liver.yml")
    assert len(diags) == 21 and diags[-1].message.startswith("980 more invisible characters")


def test_an_escape_in_a_quoted_value_is_found_at_the_value() -> None:
    _, diags = parse('id: liver\ntitle: "Liver \\u202emetastases"\nsubtitle: plain \\u202e text\n', "liver.yml")
    assert [(d.code, d.pos.line, d.pos.col) for d in diags] == [("GP113", 2, 8)]
