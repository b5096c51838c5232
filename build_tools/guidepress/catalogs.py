"""guidepress' message catalogs, managed with Babel: extract, init, update, compile.

    python -m guidepress.catalogs extract            # templates + wording.yml -> templates/locales/guidepress.pot
    python -m guidepress.catalogs init fr            # a new catalog: templates/locales/fr/LC_MESSAGES/guidepress.po
    python -m guidepress.catalogs update             # every .po gets the template's new and changed messages
    python -m guidepress.catalogs compile            # every .po -> its .mo (shipped next to it)

``--locales DIR`` works on another folder of catalogs, e.g. a project's
``templates/locales`` (``init fr --locales our-guideline/templates/locales``
starts a board's own language from guidepress' template). ``extract`` reads
babel.cfg of the repository (a source checkout); the others need only the
template, which the package ships. The files are written with the dates they
already carry (a new one: SOURCE_DATE_EPOCH, else now), so re-running a step
on unchanged messages changes no byte.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from .messages import DOMAIN, LOCALES, SOURCE_LANGUAGE
from .packaged import tool_templates

TEMPLATE = f"{DOMAIN}.pot"
#: Width of the .po files' lines (Babel's default).
WIDTH = 76


def extract_wording(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[Any]:
    """Babel extractor for resources/wording.yml: each wording is a message id, its key the comment."""

    def walk(node: Any, key: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            for name, value in node.items():
                yield from walk(value, f"{key}.{name}" if key else str(name))
        elif isinstance(node, str):
            yield key, node

    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    for key, message in walk(yaml.safe_load(text), ""):
        leaf = key.rsplit(".", 1)[-1] + ":"
        lineno = next((i for i, line in enumerate(lines, 1) if line.strip().startswith(leaf)), 0)
        yield lineno, None, message, [f"wording.yml {key}"]


def _now() -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else dt.datetime.now(dt.UTC)


def extract(repository: Path, locales: Path) -> Path:
    """The catalog template of every message the templates and wording.yml hold."""
    with (repository / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)  # type: ignore[no-untyped-call]
    target = locales / TEMPLATE
    old = _read(target, None) if target.is_file() else None
    catalog = Catalog(
        domain=DOMAIN, project="guidepress", creation_date=old.creation_date if old else _now(), fuzzy=False
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        repository, method_map, options_map, keywords={"_": None, "gettext": None, "ngettext": (1, 2)}
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    _write(target, catalog)
    return target


def init(locales: Path, language: str, template: Path) -> Path:
    """A new catalog for ``language`` from the template (untranslated; English: the ids are the text)."""
    target = locales / language.replace("-", "_") / "LC_MESSAGES" / f"{DOMAIN}.po"
    if target.exists():
        raise SystemExit(f"{target} exists; `update` brings it up to date")
    catalog = _read(template, language)
    catalog.locale = language.replace("-", "_")
    catalog.revision_date = _now()
    catalog.fuzzy = False
    target.parent.mkdir(parents=True, exist_ok=True)
    _write(target, catalog)
    return target


def catalogs(locales: Path) -> list[Path]:
    return sorted(locales.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def update(locales: Path, template: Path) -> list[Path]:
    """Every catalog gets the template's messages: new ones untranslated, gone ones obsolete."""
    pot = _read(template, None)
    for path in catalogs(locales):
        catalog = _read(path, path.parent.parent.name)
        # No fuzzy matching: Babel would pre-fill a new message with a similar one's translation
        # ("For patients" with "For editors"), which a translator may not notice.
        catalog.update(pot, no_fuzzy_matching=True, update_creation_date=False)
        _write(path, catalog)
    return catalogs(locales)


def compile_all(locales: Path) -> list[Path]:
    """Every catalog's .mo, next to its .po (fuzzy translations left out, as gettext does)."""
    made = []
    for path in catalogs(locales):
        out = io.BytesIO()
        write_mo(out, _read(path, path.parent.parent.name))
        mo = path.with_suffix(".mo")
        mo.write_bytes(out.getvalue())
        made.append(mo)
    return made


def _read(path: Path, locale: str | None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=locale, domain=DOMAIN)


def _write(path: Path, catalog: Catalog) -> None:
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, sort_output=True)
    path.write_bytes(out.getvalue())


def main(argv: Sequence[str] | None = None) -> int:
    own = tool_templates() / LOCALES
    parser = argparse.ArgumentParser(prog="python -m guidepress.catalogs", description=__doc__.split("\n\n")[0])
    parser.add_argument("--locales", type=Path, default=own, help=f"the folder of catalogs (default: {own})")
    sub = parser.add_subparsers(dest="step", required=True)
    sub.add_parser("extract", help="write the template (guidepress.pot) from the templates and wording.yml")
    start = sub.add_parser("init", help="start the catalog of a language")
    start.add_argument("language", help=f"a BCP 47 tag (de, fr, pt-BR); {SOURCE_LANGUAGE} keeps the ids as text")
    sub.add_parser("update", help="bring every catalog up to date with the template")
    sub.add_parser("compile", help="write every catalog's .mo")
    args = parser.parse_args(argv)
    template = own / TEMPLATE
    if args.step == "extract":
        done: list[Path] = [extract(own.parents[1], args.locales)]
    elif args.step == "init":
        done = [init(args.locales, args.language, template)]
    elif args.step == "update":
        done = update(args.locales, template)
    else:
        done = compile_all(args.locales)
    for path in done:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
