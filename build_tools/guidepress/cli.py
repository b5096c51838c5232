"""The ``guidepress`` command: parses arguments, calls phases, sets exit codes.

Exit codes (all commands): 0 success, 1 content errors in the source
(or warnings with --strict), 2 usage or I/O errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import __version__
from .diagnostics import Diagnostic, exit_code, format_json, format_text, sorted_unique
from .phases import check
from .settings import DEFAULT_CARD_SIZE, ENGINES, Settings, UsageError, load_settings

_SIZE_HELP = f"card size (default: the plugin's card_size in mkdocs.yml, else {DEFAULT_CARD_SIZE}; see README)"


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", type=Path, default=Path("."),
                   help="project folder holding source/ and bib/ (default: current folder)")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--format", choices=("text", "json"), default="text", help="diagnostics format")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="guidepress", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"guidepress {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", help="validate the source; print problems as path:line:col")
    _add_common(p)

    p = sub.add_parser("export", help="write site/export/ (guideline.json, references.json, schema)")
    _add_common(p)
    p.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/site)")

    p = sub.add_parser("cards", help="write the pocket cards (PDF) to site/cards/")
    _add_common(p)
    p.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/site)")
    p.add_argument("--size", default=None, help=_SIZE_HELP)

    p = sub.add_parser("build", help="check, then write the whole site/ atomically")
    _add_common(p)
    p.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/site)")
    p.add_argument("--engine", choices=ENGINES, default="mkdocs", help="site engine")
    p.add_argument("--no-cards", action="store_true", help="skip the pocket cards")
    p.add_argument("--explain", action="store_true",
                   help="print per output (site, export, cards) 'up to date' or what changed since the last build")

    p = sub.add_parser("verify", help="check that a built site/ (export, pages, cards) carries the whole source")
    _add_common(p)
    p.add_argument("--out", type=Path, default=None, help="the built site folder (default: ROOT/site)")
    p.add_argument("--no-cards", action="store_true", help="skip the pocket cards (reading PDFs back is slow)")
    p.add_argument("--size", default=None, help=_SIZE_HELP)

    p = sub.add_parser("serve", help="live preview: rebuild and reload on every source edit")
    _add_common(p)
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="address to serve on")
    p.add_argument("--full-rebuilds", action="store_true",
                   help="render every page on every change (default: only the pages whose content changed)")

    p = sub.add_parser("diff", help="compare two exports (guideline.json) by stable ids")
    p.add_argument("old", type=Path)
    p.add_argument("new", type=Path)
    p.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def report(diags: list[Diagnostic], fmt: str, stream=None) -> None:
    stream = stream or (sys.stdout if fmt == "json" else sys.stderr)
    if fmt == "json":
        stream.write(format_json(diags))
    elif diags:
        stream.write(format_text(diags))


def settings_for(args: argparse.Namespace) -> tuple[Settings | None, list[Diagnostic]]:
    """The run's settings from mkdocs.yml, the environment and ``args``; raises UsageError."""
    makes_cards = args.command == "cards" or (args.command in ("build", "verify") and not args.no_cards)
    return load_settings(args.root, out=getattr(args, "out", None), cards=makes_cards,
                         card_size=getattr(args, "size", None), engine=getattr(args, "engine", "mkdocs"),
                         strict=args.strict)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return _dispatch(parser, args)
    except KeyboardInterrupt:
        print("guidepress: interrupted; outputs left as they were", file=sys.stderr)
        return 130


def _dispatch(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.command == "diff":
        from .commands.diff import run_diff
        return run_diff(args.old, args.new, args.format)

    try:
        settings, problems = settings_for(args)
    except UsageError as exc:
        parser.error(str(exc))  # exits 2, as for any other bad argument
    result = check(args.root)
    result.diagnostics = sorted_unique([*problems, *result.diagnostics])
    code = exit_code(result.diagnostics, args.strict)
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
        return run_export(settings, result)
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
