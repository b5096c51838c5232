"""BibTeX loading with bibtexparser 2: entries into model References.

bibtexparser splits the file into blocks; each value is then read as BibTeX
reads it (load/bibvalues.py: @string macros, ``#``), a ``crossref`` child
inherits its parent's missing fields, only the fields of the allow-list
(bibfields.py) are kept, name lists are split into people
(load/bibnames.py), text is decoded from LaTeX (load/latex.py), dates are
read (load/bibdates.py) and a DOI given as a URL becomes the bare DOI.
Whatever cannot be converted is a GP410 warning at the field's line, and is
left out of the model rather than published raw.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import unquote

from bibtexparser.entrypoint import parse_string
from bibtexparser.library import Library
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock

from ..bibfields import ALIASES, CSL_VARIABLES, EDITORIAL_NOTE, NAME_FIELDS, VERBATIM_FIELDS
from ..diagnostics import Diagnostic, SourcePos
from ..model import NameList, Reference
from . import bibdates
from .bibnames import name_list
from .bibvalues import resolve, string_macros
from .characters import invisible_characters
from .codes import BIB_SYNTAX, BIB_UNCONVERTIBLE, DUPLICATE_BIB_KEY
from .files import display_path, read_text
from .latex import to_unicode
from .memo import FileMemo, load_file

# bibtexparser logs every failed block to stderr with 0-based line numbers;
# GP401/GP402 already report them, 1-based, in the one format editors read.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# A crossref parent of these types gives its title to the child as the
# child's booktitle (biblatex's rule); other fields are inherited by name.
_CONTAINER_TYPES = frozenset(
    {
        "book",
        "mvbook",
        "proceedings",
        "mvproceedings",
        "collection",
        "mvcollection",
        "reference",
        "mvreference",
        "periodical",
    }
)
_DATES: dict[str, Callable[[str], tuple[str | None, str | None]]] = {
    "month": bibdates.month,
    "day": bibdates.day,
    "date": bibdates.iso_date,
}


# A field's text after @string and "#" (LaTeX still in it), and its 1-based
# line; a plain tuple, since one is made for every field of every entry.
_Value = tuple[str, int]
# What could not be converted: the 1-based line and the message (the file is the caller's).
_Problem = tuple[int, str]


def _line(start: int | None) -> int:
    """bibtexparser's 0-based line (typed optional: None for a block it did not read) as 1-based."""
    return (start or 0) + 1


def _reason(block: ParsingFailedBlock) -> str:
    # bibtexparser's BlockAbortedException has an empty str(); its text is in abort_reason.
    error = block.error
    text = getattr(error, "abort_reason", None) or str(error or "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "cannot parse entry"


def doi(text: str) -> str:
    """A DOI as written ("https://doi.org/10.1/x", "doi:10.1/x") to the bare DOI "10.1/x"."""
    bare = _DOI_PREFIX.sub("", text.strip())
    return unquote(bare) if bare != text.strip() else bare


def _values(entry: Entry, macros: dict[str, str]) -> tuple[dict[str, _Value], list[_Problem]]:
    """The entry's fields by lower-case name (biblatex aliases read as BibTeX's; the first of a
    repeated one), and what could not be resolved."""
    values: dict[str, _Value] = {}
    out: list[_Problem] = []
    for f in entry.fields:
        name = f.key.lower()
        name = ALIASES.get(name, name)
        text, problems = resolve(f.value, macros)
        out.extend((_line(f.start_line), f"{name} of '{entry.key}': {problem}") for problem in problems)
        if name not in values:
            values[name] = (text, _line(f.start_line))
    return values, out


def _inherit(child: dict[str, _Value], parent: dict[str, _Value], parent_type: str) -> None:
    for name, value in parent.items():
        if name == "title":
            if parent_type in _CONTAINER_TYPES:
                child.setdefault("booktitle", value)
        elif name != "crossref":
            child.setdefault(name, value)


def _convert(name: str, text: str) -> tuple[str | None, list[str]]:
    """One allow-listed field's plain text (None: nothing to keep), and what could not be converted."""
    if name in VERBATIM_FIELDS:
        plain = " ".join(text.split())
        return (doi(plain) if name == "doi" else plain) or None, []
    plain, problems = to_unicode(text)
    reader = _DATES.get(name)
    if reader is not None and plain:
        canonical, problem = reader(plain)
        return canonical, problems + ([problem] if problem else [])
    return plain or None, problems


def _reference(entry: Entry, values: dict[str, _Value], shown: str) -> tuple[Reference, list[_Problem]]:
    fields: list[tuple[str, str]] = []
    names: list[tuple[str, NameList]] = []
    out: list[_Problem] = []
    for name, (raw, line) in values.items():
        if name not in CSL_VARIABLES:
            continue  # not on the allow-list: private (file, abstract, annote...) or not published
        if name in NAME_FIELDS:
            people, problems = name_list(raw)
            if people.people or people.et_al:
                names.append((name, people))
        else:
            text, problems = _convert(name, raw)
            if text is not None:
                fields.append((name, text))
            elif name == EDITORIAL_NOTE:
                # Kept empty: a deviation recorded without its reason is refused (checks/editorial_notes.py).
                fields.append((name, ""))
        out.extend((line, f"{name} of '{entry.key}': {problem}") for problem in problems)
    return Reference(
        entry.key, entry.entry_type.lower(), tuple(fields), tuple(names), SourcePos(shown, _line(entry.start_line), 1)
    ), out


def references(library: Library, shown: str) -> tuple[list[Reference], list[Diagnostic]]:
    """The entries of a split file (values still raw) as References, and the problems found converting them."""
    macros, macro_problems = string_macros([(s.key, s.value) for s in library.strings])
    lines = {s.key.lower(): _line(s.start_line) for s in library.strings}
    problems: list[_Problem] = [
        (lines[name.lower()], f"@string {name}: {problem}") for name, found in macro_problems for problem in found
    ]
    entries = []
    for entry in library.entries:
        if not entry.key.strip():
            continue  # GP401, load_bib_file's: a work no citation could name
        values, found = _values(entry, macros)
        entries.append((entry, values))
        problems.extend(found)
    by_key = {entry.key.lower(): (entry, values) for entry, values in entries}
    for entry, values in entries:
        if "crossref" not in values:
            continue
        target, line = values["crossref"]
        parent = by_key.get(target.strip().lower())
        if parent is None or parent[0] is entry:
            problems.append(
                (
                    line,
                    (
                        f"crossref of '{entry.key}' names '{target}', which is no other entry of "
                        "this file; add the parent entry (the book or proceedings) to the same file, "
                        "or correct the key"
                    ),
                )
            )
        else:
            _inherit(values, parent[1], parent[0].entry_type.lower())
    refs = []
    for entry, values in entries:
        ref, found = _reference(entry, values, shown)
        refs.append(ref)
        problems.extend(found)
    return refs, [BIB_UNCONVERTIBLE.at(SourcePos(shown, line, 1), message) for line, message in problems]


FileResult = tuple[list[Reference], list[Diagnostic]]


def load_bib_file(path: Path, root: Path, text: str | None = None) -> FileResult:
    """The entries of one .bib file (of ``text``, when given) and its problems."""
    if text is None:
        read = read_text(path, root)
        if isinstance(read, Diagnostic):
            return [], [read]
        text = read
    shown = display_path(path, root)
    try:
        # The splitter only: values come raw, with their braces, quotes,
        # macros and "#", for references() to read as BibTeX does.
        library = parse_string(text, parse_stack=[])
    except Exception as exc:  # noqa: BLE001 - bibtexparser re-raises its own internal errors
        # ("invalid state ... please report this bug"); the editor gets a
        # diagnostic for the file, never a traceback.
        return [], [BIB_SYNTAX.at(SourcePos(shown, 1, 1), f"BibTeX syntax error: the file cannot be parsed ({exc})")]
    diags = invisible_characters(text, shown, controls=True)
    for block in library.failed_blocks:
        pos = SourcePos(shown, _line(block.start_line), 1)
        if isinstance(block, DuplicateBlockKeyBlock):
            diags.append(
                DUPLICATE_BIB_KEY.at(pos, f"duplicate BibTeX key '{block.key}'; each work has one entry and one key")
            )
        elif isinstance(block, ParsingFailedBlock):
            diags.append(BIB_SYNTAX.at(pos, f"BibTeX syntax error: {_reason(block)}"))
    for entry in library.entries:
        if not entry.key.strip():
            # bibtexparser reads "@article{," as an entry whose key is empty: nothing could cite it.
            diags.append(
                BIB_SYNTAX.at(
                    SourcePos(shown, _line(entry.start_line), 1),
                    f"BibTeX entry without a key; write one after the brace: @{entry.entry_type}{{<key>, ...",
                )
            )
    refs, problems = references(library, shown)
    return refs, diags + problems


def bib_files(bib_dir: Path) -> list[Path]:
    """The .bib files of ``bib_dir`` in the order they are read (by name)."""
    return sorted(bib_dir.glob("*.bib")) if bib_dir.is_dir() else []


def read_bib_files(paths: list[Path], root: Path, memo: FileMemo | None = None) -> list[FileResult]:
    """Each file's references and problems, file by file (no cross-file checks yet).

    With a ``memo``, a file whose text is unchanged since the memo last saw
    it is not parsed again (load/memo.py).
    """
    out = []
    for path in paths:
        refs, diags = load_file(memo, "bib", path, root, partial(load_bib_file, path, root))
        out.append((refs or [], diags))
    return out


def merge_bib(parsed: list[FileResult]) -> FileResult:
    """Files read in order into one bibliography: the first entry of a key wins (GP402 for the
    others); with every file's problems."""
    refs: list[Reference] = []
    diags: list[Diagnostic] = []
    seen: dict[str, Reference] = {}
    for file_refs, file_diags in parsed:
        diags.extend(file_diags)
        for ref in file_refs:
            if ref.key in seen:
                first = seen[ref.key].pos
                diags.append(
                    DUPLICATE_BIB_KEY.at(
                        ref.pos,
                        f"duplicate BibTeX key '{ref.key}' (also at {first}); each work has one entry and one key",
                    )
                )
                continue
            seen[ref.key] = ref
            refs.append(ref)
    return sorted(refs, key=lambda r: r.key), diags


def load_bib(bib_dir: Path, root: Path) -> FileResult:
    return merge_bib(read_bib_files(bib_files(bib_dir), root))
