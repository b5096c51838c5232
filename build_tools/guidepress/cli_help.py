"""What ``guidepress --help`` and each command's ``--help`` say, written for the people who run them.

Kept apart from cli.py so that the argument handling stays short to read and
the words can be reviewed (and tested, tests/test_cli.py) on their own.
"""

from __future__ import annotations

import argparse
import textwrap
from collections.abc import Mapping

DESCRIPTION = """\
guidepress publishes a clinical practice guideline from one source of truth, the YAML files in \
source/ and the BibTeX files in bib/, as a web site, PDF pocket cards and a JSON export, all in site/.

Every command reads and checks the whole source first. Problems are listed one per line as \
path:line:col with a code and what to change; nothing is written while there are errors.

Typical use: `guidepress check` while editing (or `guidepress serve` for a live preview), then \
`guidepress build` to publish.
"""

EPILOG = """\
exit codes:
  0    success (warnings allowed, unless --strict)
  1    errors in the source (or any warning, with --strict); diff: the releases differ
  2    a bad command line, an error in mkdocs.yml (the configuration), or a file or folder that cannot
       be read or written
  3    an internal error: a bug in guidepress, not in your project (the message says how to report it)
  130  interrupted (Ctrl-C); the outputs are left as they were

Run `guidepress COMMAND --help` for what a command does and its options. The documentation is \
in the guidepress repository: the README (set-up, commands, settings), docs/format.md (the source \
format) and docs/diagnostics.md (every problem code and how to fix it).
"""

_OUT = "Only OUT/{0}/ is replaced (OUT is site/ unless --out says otherwise); the rest of OUT is left as it was."

#: Per command: its description (None: the one given where the command is declared) and its epilog.
COMMANDS: dict[str, tuple[str | None, str | None]] = {
    "check": (
        "Check the source without writing anything: every YAML file against the source format "
        "(docs/format.md), ids and cross-references, citations against bib/, grades against the grading "
        "schemes, tables, glossary and the settings in mkdocs.yml. All problems are reported in one run.",
        "Each problem is one line on standard output, `path:line:col: error|warning CODE message`, and a last "
        "line counts them (`2 error(s), 1 warning(s)`); docs/diagnostics.md explains every CODE. With "
        "--format json the same problems are one JSON object, {diagnostics, errors, warnings}. "
        "Exit 0: no errors; 1: errors (or warnings, with --strict); 2: the source cannot be read.",
    ),
    "export": (
        "Check the source, then write the JSON export to OUT/export/: guideline.json (chapters, sections, "
        "statements with their grades, tables, glossary), references.json (the bibliography), "
        "guideline.schema.json (the JSON Schema they follow), guideline.<id>.schema.json (that schema narrowed "
        "to this guideline's grades, schemes and references) and guideline.fhir.json (the guideline as a "
        "FHIR R5 Bundle). With --format fhir only guideline.fhir.json is written.",
        _OUT.format("export") + " docs/export.md and docs/fhir.md describe the files.",
    ),
    "cards": (
        "Check the source, then write the pocket cards to OUT/cards/: one PDF per chapter "
        "(<chapter-id>.pdf) and guideline.pdf with every chapter. Their QR codes lead to the site's pages: "
        "set site_url in mkdocs.yml, or the cards carry none. Card sets are cached under .cache/guidepress/, "
        "so an unchanged chapter is not laid out again.",
        _OUT.format("cards"),
    ),
    "build": (
        "Check the source, then write the whole publication to OUT (site/ unless --out says otherwise): the web "
        "site (home page, one page per chapter, references, glossary, grading schemes, search index), "
        "export/ (the JSON export) and cards/ (the pocket cards, unless --no-cards).",
        "Everything is written to a staging folder first and checked to carry the whole source; OUT is replaced "
        "only when every step succeeded, so a failed build leaves the previous site as it was. The cards and "
        "the export are cached under .cache/guidepress/; --explain says what changed since the last build.",
    ),
    "verify": (
        "Read a built site back (the export, the pages and the pocket cards) and list, per output, anything "
        "of the source it lacks: a statement, grade, footnote, table cell, term or reference. `guidepress build` "
        "checks the export and the pages before it replaces site/; reading the cards back takes seconds, so "
        "that is done here.",
        "Exit 0: nothing lost; 1: something lost (or errors in the source); 2: the site, or a tool to read it, "
        "is missing.",
    ),
    "serve": (
        "Serve a live preview of the site at --dev-addr (http://127.0.0.1:8000 unless given). Saving a file in "
        "source/, bib/ or templates/ rebuilds the pages it changes and reloads the browser. A problem in the "
        "source is printed as path:line:col, and the browser keeps the last good page until it is fixed.",
        "Nothing is written to site/. Stop the server with Ctrl-C.",
    ),
    "translations": (
        "List, per language the guideline is translated into (translations in source/guideline.yml) and per "
        "chapter, each text that has no translation yet and each translation made from an earlier primary text, "
        "with its key and the fingerprint of the primary text as it is now (docs/languages.md). With --po FILE "
        "or --xliff FILE those texts of one --language are written as a PO or an XLIFF 2.0 file for a translator "
        "or translation office; --read-po FILE and --read-xliff FILE write the translations back into "
        "source/translations/<lang>/<chapter>.yml.",
        "A message still fuzzy (an XLIFF segment not marked translated), untranslated, or whose primary text "
        "changed since the file was written is left out when it is read back, and counted. guidepress never "
        "translates a text itself.",
    ),
    "diff": (
        None,
        "Examples: `guidepress diff ../guideline-2023 .` (two project folders), "
        "`guidepress diff git:v2023 git:v2024` (two tagged revisions), "
        "`guidepress diff --since v2023 --format markdown` (the changes since a tag, for release notes).",
    ),
}


class HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, keeping the paragraphs (blank-line separated) and indented lists of a text."""

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        # argparse measures a command's name without the indent it prints it with, so a long one
        # ("translations") would push its help onto a line of its own.
        for sub in action._get_subactions() if isinstance(action, argparse._SubParsersAction) else ():
            width = len(self._format_action_invocation(sub)) + self._current_indent + self._indent_increment
            self._action_max_length = max(self._action_max_length, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        paragraphs = []
        for paragraph in text.strip("\n").split("\n\n"):
            head, *rest = paragraph.splitlines()
            if rest and rest[0].startswith("  "):  # a heading and an indented list: kept line by line
                paragraphs.append("\n".join(indent + line for line in (head, *rest)))
            else:
                paragraphs.append(
                    textwrap.fill(" ".join(paragraph.split()), width, initial_indent=indent, subsequent_indent=indent)
                )
        return "\n\n".join(paragraphs)


def describe(commands: Mapping[str, argparse.ArgumentParser]) -> None:
    """Give each command's parser its description and epilog, and the formatter that keeps their paragraphs."""
    for name, parser in commands.items():
        description, epilog = COMMANDS.get(name, (None, None))
        parser.formatter_class = HelpFormatter
        if description is not None:
            parser.description = description
        if epilog is not None:
            parser.epilog = epilog
