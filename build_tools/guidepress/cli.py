"""The ``guidepress`` command: parses arguments, calls phases, sets exit codes.

Exit codes (all commands): 0 success, 1 content errors in the source
(or warnings with --strict), 2 usage or I/O errors, 3 an internal error
(a bug in guidepress: the last-resort handler says so and how to report it).
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from typing import NoReturn, TextIO

from . import __version__, presets
from .arguments import dev_addr_problem, out_problem, root_problem
from .cli_help import DESCRIPTION, EPILOG, HelpFormatter, describe
from .diagnostics import Diagnostic, exit_code, format_json, format_text, sorted_unique
from .editorial import published
from .phases import check
from .settings import DEFAULT_CARD_SIZE, ENGINES, Settings, UsageError, load_settings

_SIZE_HELP = f"card size (default: the plugin's card_size in mkdocs.yml, else {DEFAULT_CARD_SIZE}; see README)"


#: Set to print the traceback of an internal error (for a bug report).
TRACEBACK_ENV = "GUIDEPRESS_TRACEBACK"
INTERNAL_ERROR = 3


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error on one line (the subcommands' parsers are of this class too)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def usage_error(args: argparse.Namespace, message: str) -> NoReturn:
    """Refuse the command line (exit 2), in the words argparse uses for the command's own options."""
    _Parser(prog=f"guidepress {args.command}").error(message)


def _add_common(
    p: argparse.ArgumentParser, formats: tuple[str, ...] = ("text", "json"), format_help: str = "diagnostics format"
) -> None:
    p.add_argument(
        "--root", type=Path, default=Path("."), help="project folder holding source/ and bib/ (default: current folder)"
    )
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--format", choices=formats, default="text", help=format_help)


def _add_drafts(p: argparse.ArgumentParser, help_text: str | None = None) -> None:
    p.add_argument(
        "--include-drafts",
        action="store_true",
        help=help_text or "publish recommendations with status draft or consultation too (marked); left out by default",
    )


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="guidepress", description=DESCRIPTION, epilog=EPILOG, formatter_class=HelpFormatter)
    parser.add_argument("--version", action="version", version=f"guidepress {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", help="check the source and list its problems as path:line:col; writes nothing")
    _add_common(p)

    p = sub.add_parser("export", help="write site/export/ (guideline.json, references.json, schemas, FHIR Bundle)")
    _add_common(
        p,
        ("text", "json", "fhir"),
        "text or json: diagnostics format, and the whole export is written; fhir: write only the "
        "FHIR R5 Bundle (site/export/guideline.fhir.json), diagnostics as text",
    )
    p.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/site)")
    _add_drafts(p)

    p = sub.add_parser("cards", help="write the pocket cards (PDF) to site/cards/")
    _add_common(p)
    p.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/site)")
    p.add_argument("--size", default=None, help=_SIZE_HELP)
    _add_drafts(p)

    p = sub.add_parser("build", help="check, then write site/: web site, export and cards (all or nothing)")
    _add_common(p)
    p.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/site)")
    p.add_argument("--engine", choices=ENGINES, default="mkdocs", help="site engine")
    p.add_argument("--no-cards", action="store_true", help="skip the pocket cards")
    _add_drafts(p)
    p.add_argument(
        "--explain",
        action="store_true",
        help="print per output (site, export, cards) 'up to date' or what changed since the last build",
    )

    p = sub.add_parser("verify", help="check that a built site/ (export, pages, cards) carries the whole source")
    _add_common(p)
    p.add_argument("--out", type=Path, default=None, help="the built site folder (default: ROOT/site)")
    p.add_argument("--no-cards", action="store_true", help="skip the pocket cards (reading PDFs back is slow)")
    _add_drafts(p, "the site was built with --include-drafts: expect them in it")

    p = sub.add_parser("serve", help="live preview: rebuild and reload on every source edit")
    _add_common(p)
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    p.add_argument(
        "--full-rebuilds",
        action="store_true",
        help="render every page on every change (default: only the pages whose content changed)",
    )

    p = sub.add_parser(
        "new",
        help="write a new project (source/, bib/, a README) graded with a scheme preset",
        description="Write a project that checks and builds at once: source/guideline.yml, the preset's "
        "grading schemes, one example chapter and one example reference (artificial placeholder "
        "text to replace) and a README for the board. No templates and no mkdocs.yml: "
        "guidepress' own are used until the project overrides one. DIR must be new or empty.",
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="the folder to write the project into (new or empty)")
    p.add_argument(
        "--scheme",
        required=True,
        choices=presets.names(),
        metavar="PRESET",
        help=f"the grading schemes, one of guidepress' presets: {', '.join(presets.names())} "
        "(the source format reference describes each)",
    )

    p = sub.add_parser(
        "diff",
        help="what changed between two releases (folders, exports or git:REV), by stable id",
        description="Each side is a project folder, an export (guideline.json, or a built site/) "
        "or git:REV, the project at a git revision. Exit 0 no change, 1 changes, 2 errors.",
    )
    p.add_argument("old", nargs="?", help="the earlier release")
    p.add_argument("new", nargs="?", help="the later release")
    p.add_argument("--since", metavar="REV", help="compare git:REV with the project as it is (--root)")
    p.add_argument(
        "--root",
        type=Path,
        default=Path("."),
        help="the project whose repository git:REV reads, and the new side of --since (default: .)",
    )
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text", help="report format")
    p = sub.add_parser(
        "translations",
        help="list what each language needs translated (missing or stale texts); a PO or XLIFF file out and back in",
    )
    p.add_argument(
        "--root", type=Path, default=Path("."), help="project folder holding source/ and bib/ (default: current folder)"
    )
    p.add_argument("--language", help="only this one of the guideline's translations (needed with a FILE option)")
    p.add_argument("--po", type=Path, metavar="FILE", help="write the texts to translate as a PO file")
    p.add_argument("--read-po", type=Path, metavar="FILE", help="read a translated PO file into source/translations/")
    p.add_argument("--xliff", type=Path, metavar="FILE", help="write the texts to translate as an XLIFF 2.0 file")
    p.add_argument(
        "--read-xliff", type=Path, metavar="FILE", help="read a translated XLIFF 2.0 file into source/translations/"
    )
    p.add_argument(
        "--format", choices=("text", "json"), default="text", help="format of the problems of a file --read-xliff reads"
    )
    describe(sub.choices)
    return parser


def report(diags: list[Diagnostic], fmt: str, stream: TextIO | None = None) -> None:
    stream = stream or (sys.stdout if fmt == "json" else sys.stderr)
    if fmt == "json":
        stream.write(format_json(diags))
    elif diags:
        stream.write(format_text(diags))


def settings_for(args: argparse.Namespace) -> tuple[Settings | None, list[Diagnostic]]:
    """The run's settings from mkdocs.yml, the environment and ``args``; raises UsageError."""
    makes_cards = args.command == "cards" or (args.command in ("build", "verify") and not args.no_cards)
    return load_settings(
        args.root,
        out=getattr(args, "out", None),
        cards=makes_cards,
        card_size=getattr(args, "size", None),
        engine=getattr(args, "engine", "mkdocs"),
        strict=args.strict,
    )


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if problem := argument_problem(args):
            usage_error(args, problem)
        return _dispatch(args)
    except KeyboardInterrupt:
        print("guidepress: interrupted; outputs left as they were", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last resort: every expected problem has its own message
        return internal_error(exc)


def argument_problem(args: argparse.Namespace) -> str | None:
    """Why the folders or address given cannot be used (one line), or None."""
    if args.command == "diff":
        return None  # its sides, --root too, are read and refused by releases/sides.py, each at its place
    if args.command == "new":
        return None  # no --root; commands/new.py refuses a DIR it cannot write into, naming it
    problem = root_problem(args.root)
    if problem is None and args.command in ("build", "export", "cards", "verify"):
        out = args.out or args.root / "site"
        problem = out_problem(out, args.root, replaced=args.command == "build", reads=args.command == "verify")
    if problem is None and args.command == "serve":
        problem = dev_addr_problem(args.dev_addr)
    return problem


def internal_error(exc: BaseException, stream: TextIO | None = None) -> int:
    """Say that guidepress itself failed and how to report it; the exit code 3."""
    stream = stream or sys.stderr
    print(f"guidepress: internal error: {type(exc).__name__}: {exc}", file=stream)
    print(
        "guidepress: this is a bug in guidepress, not a problem of your project; please report it with the "
        f"command you ran and `guidepress --version` (run it again with {TRACEBACK_ENV}=1 to include the "
        "traceback)",
        file=stream,
    )
    if os.environ.get(TRACEBACK_ENV):
        traceback.print_exception(exc, file=stream)
    return INTERNAL_ERROR


def _translations(args: argparse.Namespace) -> int:
    from .commands.translations import run_translations

    result = check(args.root)
    if result.guideline is None:
        report(result.diagnostics, args.format)
        return 1
    return run_translations(
        result.guideline,
        args.root,
        args.language,
        po_out=args.po,
        po_in=args.read_po,
        xliff_out=args.xliff,
        xliff_in=args.read_xliff,
        fmt=args.format,
    )


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "diff":
        from .commands.diff import run_diff, since_sides

        if args.since is not None and (args.old or args.new):
            usage_error(args, "give either OLD NEW or --since REV")
        if args.since is None and not (args.old and args.new):
            usage_error(args, "give OLD and NEW (folders, exports or git:REV), or --since REV")
        old, new = since_sides(args.since, args.root) if args.since is not None else (args.old, args.new)
        return run_diff(old, new, args.root, args.format)
    if args.command == "new":
        from .commands.new import run_new

        return run_new(args.dir, args.scheme)
    if args.command == "translations":
        return _translations(args)

    try:
        settings, problems = settings_for(args)
    except UsageError as exc:
        usage_error(args, str(exc))  # exits 2, as for any other bad argument
    result = check(args.root)
    if result.guideline is not None and not getattr(args, "include_drafts", True):
        result.guideline = published(result.guideline)  # a published output; serve and check see all
    result.diagnostics = sorted_unique([*problems, *result.diagnostics])
    code = exit_code(result.diagnostics, args.strict, configuration=problems)
    if args.command == "check":
        report(result.diagnostics, args.format, sys.stdout)
        return code
    report(result.diagnostics, args.format)
    if args.command == "serve" and settings is not None and code in (0, 1):
        # The preview starts on a broken source too: it shows the problems until they are fixed.
        from .commands.serve import run_serve

        return run_serve(settings, args.dev_addr, dirty=not args.full_rebuilds)
    if code != 0 or result.guideline is None or settings is None:
        if args.format == "text":
            print("guidepress: nothing was written; fix the problems above", file=sys.stderr)
        return code or 1

    if args.command == "export":
        from .commands.export import run_export

        return run_export(settings, result, fhir_only=args.format == "fhir")
    if args.command == "cards":
        from .commands.cards import run_cards

        return run_cards(settings, result)
    if args.command == "build":
        from .commands.build import run_build

        return run_build(settings, result, explain=args.explain)
    if args.command == "verify":
        from .commands.verify import run_verify

        return run_verify(settings, result)
    raise AssertionError(args.command)


if __name__ == "__main__":
    sys.exit(main())
