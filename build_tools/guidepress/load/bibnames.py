"""BibTeX name lists into people, with bibtexparser's name splitter.

bibtexparser 2 splits a list at each "and" outside braces and each name into
BibTeX's four parts (First von Last, Jr), the rules BibTeX itself applies:
a braced name (``{National Institute for Health and Care Excellence}``) is
one name, lower-case words before the last name are its particle ("da",
"van der"; a capitalised "De Luca" stays the family name, as BibTeX reads
it), and "von Last, Jr, First" gives the suffix. Each part is decoded from
LaTeX only after the split, while braces still group.

A LaTeX command outside braces is braced first, as BibTeX's rules ask of
"special characters" (``{\\"u}``): bibtexparser's splitter drops a command
that starts a name (``and \\O{}stergaard``), and its part parser cuts at the
``~`` of ``Ni\\~{n}o``. Zotero writes the braced form; JabRef and
hand-written files often do not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bibtexparser.middlewares.names import (
    InvalidNameError,
    parse_single_name_into_parts,
    split_multiple_persons_names,
)

from ..model import NameList, Person
from .latex import to_unicode

# A command and what it applies to: \"u, \'{e}, \'{\i}, \~{n}, \O{}, \c{c}; a
# command named by letters ends at a space, which TeX swallows (\ss er).
_COMMAND = re.compile(
    r"\\(?:[^A-Za-z\s](?:\{(?:[^{}]|\{[^{}]*\})*\}|\\[A-Za-z]+|[A-Za-z])?"
    r"|[A-Za-z]+(?:\{(?:[^{}]|\{[^{}]*\})*\}|\s)?)"
)


def _braced_commands(value: str) -> str:
    """``value`` with every LaTeX command outside braces wrapped in braces."""
    out, depth, i = [], 0, 0
    while i < len(value):
        char = value[i]
        if char == "\\" and depth == 0:
            match = _COMMAND.match(value, i)
            if match is not None:
                out.append("{" + match.group() + "}")
                i = match.end()
                continue
        depth += (char == "{") - (char == "}")
        out.append(char)
        i += 1
    return "".join(out)


def _text(words: list[str], problems: list[str]) -> str:
    text, found = to_unicode(" ".join(words))
    problems.extend(found)
    return text


@lru_cache(maxsize=65536)
def _person(name: str) -> tuple[Person | None, tuple[str, ...]]:
    """One name's parts, and what could not be converted (cached: authors recur across a bibliography)."""
    problems: list[str] = []
    try:
        parts = parse_single_name_into_parts(name)
    except InvalidNameError as exc:
        problems.append(
            f"name '{name}' cannot be split ({exc.reason[0].lower() + exc.reason[1:]}) and is read "
            "as best it can; write it as "
            "'Family, Given', 'von Family, Jr, Given' or {Corporate Name}"
        )
        parts = parse_single_name_into_parts(name, strict=False)
    first, von, last, jr = parts.first, parts.von, parts.last, parts.jr
    if not (first or von or jr) and len(last) == 1 and last[0].startswith("{") and last[0].endswith("}"):
        literal = _text(last, problems)
        return (Person(literal=literal) if literal else None), tuple(problems)
    person = Person(
        family=_text(last, problems),
        given=_text(first, problems),
        particle=_text(von, problems),
        suffix=_text(jr, problems),
    )
    return (person if person.family or person.given else None), tuple(problems)


def name_list(value: str) -> tuple[NameList, list[str]]:
    """The people of a BibTeX name field (LaTeX still in it); a final "others" is "et al."."""
    problems: list[str] = []
    names = split_multiple_persons_names(_braced_commands(value) if "\\" in value else value)
    et_al = bool(names) and names[-1].strip().lower() == "others"
    people = []
    for name in names[:-1] if et_al else names:
        person, found = _person(name)
        problems.extend(found)
        if person is not None:
            people.append(person)
    return NameList(tuple(people), et_al), problems
