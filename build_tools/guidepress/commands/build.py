"""`guidepress build`: export, cards and web site, swapped into site/ at once.

Everything is written into a staging folder next to ``out``; only when every
step succeeded does it replace ``out`` (outputs.staged_dir). A failure at any
step leaves the previous site exactly as it was.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..audiences import editions
from ..cache import Cache
from ..model import Guideline
from ..outputs import staged_dir, tidy
from ..phases import Checked
from ..render.editions import edition_folder, translated_guideline
from ..render.export import export_files, schema_bytes
from ..render.export_translations import translations_document
from ..render.fonts import FontMissing
from ..render.patient_view import patient_views
from ..render.site import SiteBuildError, build_site
from ..render.template_errors import template_failure
from ..settings import Settings
from ..verify import CARD_CHECK, RoundTripError, verify_site
from .uptodate import STAMP, build_key, up_to_date

Step = Callable[[str], AbstractContextManager[None]]


def run_build(settings: Settings, result: Checked, *, explain: bool = False) -> int:
    """Build ``settings.out``; with ``explain``, also print per output "up to date" or what changed."""
    g = result.guideline
    assert g is not None
    out = settings.out
    console = Console(stderr=True)
    started = time.perf_counter()
    cache = Cache(settings.root, enabled=settings.cache)
    stamp = build_key(cache, settings, g)
    if up_to_date(cache, out, stamp):
        # Nothing that goes into site/ changed: rewrite no file.
        tidy(out)
        if explain:
            for output in ("site", "export", "cards", CARD_CHECK) if settings.cards else ("site", "export"):
                print(f"{output}: up to date")
        print(f"{out} is up to date ({time.perf_counter() - started:.2f} s)")
        return 0
    try:
        with _progress(console) as step, staged_dir(out) as staging:
            # The primary's export carries every translation; each language's its own texts.
            translated = translations_document(g)
            _edition(settings, g, staging, settings.site_url, cache, step, translations=translated)
            # Each translation is a site of its own in a folder of the primary's (render/editions.py);
            # an audience variant is a view in its language's site (render/patient_view.py).
            for lang in editions(g):
                edition = translated_guideline(g, lang)
                site_url = settings.site_url and f"{settings.site_url}{edition_folder(lang)}/"
                _edition(settings, edition, staging / edition_folder(lang), site_url, cache, step, f" ({lang})")
            if cache.enabled:
                (staging / STAMP).write_text(stamp + "\n", encoding="utf-8")
    except RoundTripError as exc:
        lines = [f"{output}: {p}" for output, problems in exc.lost.items() for p in problems]
        return _refused(out, 1, *lines, "the outputs lost source content (a renderer or template bug)")
    except SiteBuildError as exc:
        return _refused(out, 1, str(exc), "site build failed")
    except FontMissing as exc:
        return _refused(out, 2, str(exc))
    except ImportError as exc:
        return _refused(out, 2, f"pocket cards are not available ({exc}); build with --no-cards")
    except OSError as exc:
        return _refused(out, 2, str(exc))
    except Exception as exc:  # a template or renderer bug: say so (where, for a template), keep the old site
        return _refused(out, 1, f"build failed: {template_failure(exc, settings.root)}")
    cache.finish()
    if explain:
        for output, why in cache.explain().items():
            print(f"{output}: {why}")
    n = sum(1 for p in out.rglob("*") if p.is_file())
    print(f"wrote {out} ({n} files, {settings.engine}) in {time.perf_counter() - started:.1f} s")
    return 0


def _edition(
    settings: Settings,
    g: Guideline,
    staging: Path,
    site_url: str | None,
    cache: Cache,
    step: Step,
    label: str = "",
    translations: dict[str, Any] | None = None,
) -> None:
    """Export, cards and site of one language into ``staging``, checked by the round trip."""
    with step(f"export (JSON, CSL-JSON, schema){label}"):
        options: dict[str, Any] = {"site_url": site_url}
        if translations is not None:
            options["translations"] = translations
        downloads = cache.files(cache.export_key(g, schema_bytes(), options), lambda: export_files(g, **options))
    if settings.cards:
        with step(f"pocket cards (PDF){label}"):
            from ..render.cards import render_cards

            downloads |= render_cards(
                g, site_url=site_url, size=settings.card_size, cache=cache, templates=settings.card_templates
            )
    with step(f"web site ({settings.engine}){label}"):
        # The engine publishes the downloads too, so that its link
        # check sees every file the home page links to.
        build_site(settings, staging, g, downloads, cache)
    with step(f"round trip (export, site, cards){label}"):
        # A final gate before the swap: every statement, grade,
        # footnote, cell, term and reference of the model is in the
        # export, the site and the cards. Each card set's verdict is
        # cached with it: an unchanged set is not read back again.
        lost = verify_site(g, staging, cards=settings.cards, cache=cache, views=patient_views(g))
        if any(lost.values()):
            raise RoundTripError(lost)


def _refused(out: Path, code: int, *lines: str) -> int:
    for line in lines:
        print(f"guidepress: {line}", file=sys.stderr)
    print(f"guidepress: {out} was left as it was", file=sys.stderr)
    return code


def _interactive(console: Console) -> bool:
    """Progress only for a person at a terminal; CI logs stay quiet."""
    return console.is_terminal and not os.environ.get("CI")


@contextmanager
def _progress(console: Console) -> Iterator[Step]:
    if not _interactive(console):

        @contextmanager
        def quiet(_: str) -> Iterator[None]:
            yield

        yield quiet
        return
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console, transient=False
    ) as progress:

        @contextmanager
        def step(label: str) -> Iterator[None]:
            task = progress.add_task(label, total=1)
            yield
            progress.update(task, completed=1, description=f"[green]✓[/] {label}")

        yield step
