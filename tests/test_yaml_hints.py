"""Grades YAML misreads get a message that says what to type.

"ago: -" in block style is a YAML syntax error (a lone "-" starts a list),
and "- -" under "ago:" is a list; both are grades an editor meant to write.
"+", "++", "--" and "+/-" read as text, quoted or not, and need no hint.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from guidepress.phases import check

CHAPTER = "source/chapters/sites-of-metastases.yml"
FLOW = 'grades: {loe: 3b, gr: C, ago: "-"}'


def _block(ago: str) -> str:
    return f"grades:\n          loe: 3b\n          gr: C\n          ago:{ago}"


def _messages(project: Path, old: str, new: str) -> list[str]:
    path = project / CHAPTER
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    return [d.as_text() for d in check(project).diagnostics if d.severity.value == "error"]


def test_a_bare_minus_grade_is_told_to_be_quoted(project: Path) -> None:
    [message] = _messages(project, FLOW, _block(" -"))
    assert message.endswith(
        "error GP101 YAML syntax error: block sequence entries are not allowed in this "
        'context; YAML reads a lone "-" as the start of a list: quote the grade: ago: "-"'
    )


def test_a_bare_minus_text_is_told_to_be_quoted_as_a_value(project: Path) -> None:
    [message] = _messages(project, "        text: Cryoablation", "        text: -")
    assert message.endswith('quote the value: text: "-"')


def test_a_minus_minus_read_as_a_list_is_told_to_be_quoted(project: Path) -> None:
    messages = _messages(project, FLOW, _block("\n            - -"))
    assert any(
        m.endswith(
            """error GP104 'ago' must be text, found a list; YAML reads "- -" as a list: """
            '''quote the grade: ago: "--"'''
        )
        for m in messages
    ), messages


@pytest.mark.parametrize("grade", ["+", "++", "--", "+/-"])
def test_signs_that_read_as_text_need_no_quotes(project: Path, grade: str) -> None:
    assert _messages(project, FLOW, _block(f" {grade}")) == []
