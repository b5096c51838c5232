"""The card sets of a guideline: one layout job per chapter, on a process
pool, each taken from the cache when its inputs are unchanged, and the
all-chapters file joined while the pool works."""

from __future__ import annotations

import gc
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ...model import Chapter, Guideline
from ...text import plain
from ..fonts import CARD_FONT, require_card_font
from .join import JOIN_FORMAT, Concatenation, concatenate_card_sets
from .layout import (
    PDF_VARIANT,
    SIZES,
    TEMPLATES,
    CardTemplates,
    Layout,
    card_messages,
    card_set_html,
    doc_title,
    lay_out,
    write_pdfs,
)
from .packing import Sheets, packed_layout
from .view import card_date, card_views, pdf_timestamp

if TYPE_CHECKING:
    from ...cache import Cache

Outputs = tuple[tuple[str, str], ...]  # (relative path, PDF title) of each file a job writes

WHOLE = "cards/guideline.pdf"


@dataclass(frozen=True)
class CardOptions:
    """What every card set of one ``render_cards`` call is made with."""

    guideline: Guideline
    site_url: str | None
    size: str
    templates: CardTemplates


@dataclass
class Worker:
    """Lays out card sets in one process (the caller's, or a pool worker)
    with the options of one call and the layout state its sets share."""

    options: CardOptions
    layout: Layout = field(default_factory=Layout)

    def render(self, chapter_ids: tuple[str, ...] | None, outputs: Outputs) -> dict[str, bytes]:
        """The card set of ``chapter_ids`` (None: all) written to each (path, title) of ``outputs``:
        measured with each card on its own, and laid out with the short cards packing.py moves
        (``packed_layout``), or with each card on its own when none does."""
        o = self.options
        chapters = [c for c in o.guideline.chapters if chapter_ids is None or c.id in chapter_ids]
        views = card_views(o.guideline, chapters, o.site_url, card_messages(o.guideline, o.templates))

        def html(sheets: Sheets | None, measuring: bool) -> str:
            return card_set_html(
                o.guideline,
                chapters,
                site_url=o.site_url,
                size=o.size,
                templates=o.templates,
                layout=self.layout,
                sheets=sheets,
                views=views,
                measuring=measuring,
            )

        def laid_out(text: str) -> Any:
            return lay_out(text, self.layout.font_config())

        packed = packed_layout(
            html, laid_out, [v["anchor"] for v in views], [v["kind"] for v in views], SIZES[o.size].qr_mm
        )
        if packed is None:  # each card on its own after all: the measuring layout lacks the margins
            final = html(None, False)
            packed = final, laid_out(final)
        final, document = packed
        pdfs = write_pdfs(document, final, [t for _, t in outputs])
        return dict(zip((path for path, _ in outputs), pdfs, strict=True))

    def title(self, chapter: Chapter | None) -> str:
        """The PDF title of ``chapter``'s card set (None: all chapters')."""
        env = self.layout.environment(self.options.templates)
        card_messages(self.options.guideline, self.options.templates).install(env)
        return doc_title(env, self.options.guideline, chapter)


#: A pool worker's ``Worker``. A ProcessPoolExecutor hands a job nothing but
#: its arguments, so the options (the whole model) reach each worker once,
#: through the initializer, and wait here; only pool processes set it.
_pool_worker: Worker | None = None


def _init_worker(options: CardOptions) -> None:
    global _pool_worker
    _pool_worker = Worker(options)


def _worker_job(chapter_ids: tuple[str, ...] | None, outputs: Outputs) -> dict[str, bytes]:
    assert _pool_worker is not None, "a card job outside a pool initialised by _init_worker"
    return _pool_worker.render(chapter_ids, outputs)


def _jobs(here: Worker) -> list[tuple[tuple[str, ...], Outputs]]:
    """The layout jobs: one per chapter. With one chapter it also writes the whole-guideline file
    (the same cards, laid out and painted once, written under two titles: retitle.py)."""
    chapters = here.options.guideline.chapters
    jobs: list[tuple[tuple[str, ...], Outputs]] = [((c.id,), ((f"cards/{c.id}.pdf", here.title(c)),)) for c in chapters]
    whole = (WHOLE, here.title(None))
    if len(jobs) == 1:
        ids, outputs = jobs[0]
        return [(ids, outputs + (whole,))]
    return jobs or [((), (whole,))]  # no chapter: the grading and sources cards alone


def render_cards(
    guideline: Guideline,
    *,
    site_url: str | None,
    size: str = "a6",
    templates: CardTemplates = TEMPLATES,
    workers: int | None = None,
    cache: Cache | None = None,
) -> dict[str, bytes]:
    """Relative path -> PDF bytes: ``cards/<chapter-id>.pdf`` each, and ``cards/guideline.pdf``.

    Each chapter's card set is laid out once (twice when packing.py moves a
    short card under another), with several chapters each in
    a process of a pool (``workers`` defaults to ``os.cpu_count()``; the
    model goes to each worker once). ``cards/guideline.pdf`` is every
    chapter's set, whole and in chapter order, joined in this process from
    the chapter PDFs (``Concatenation``: no second layout) while the pool
    works on the later chapters. With one chapter it is that chapter's
    layout written a second time under the all-chapters title.

    With a ``cache``, a chapter's set whose inputs (its chapter's model, the
    templates, the options) are unchanged is taken from it, so an edit to one
    chapter re-lays out only that chapter; the joined file is cached under
    the digests of the chapter PDFs, so it is joined again only when one of
    them changed. Raises FontMissing when the cards' font is not installed,
    ValueError for an unknown size.
    """
    if size not in SIZES:
        raise ValueError(f"unknown card size {size!r}; choose one of {', '.join(SIZES)}")
    require_card_font()
    if site_url and not site_url.endswith("/"):
        site_url += "/"
    # The model and everything loaded so far outlive this call: keep them out of the
    # collector's way (gc.freeze), here and in the forked workers, whose full
    # collections would otherwise walk (and copy) the whole inherited model again
    # and again while WeasyPrint and pypdf allocate. Left alone if the caller froze.
    freeze = gc.get_freeze_count() == 0
    if freeze:
        gc.freeze()
    try:
        return _render_cards(CardOptions(guideline, site_url, size, templates), workers, cache)
    finally:
        if freeze:
            gc.unfreeze()


def _render_cards(options: CardOptions, workers: int | None, cache: Cache | None) -> dict[str, bytes]:
    guideline = options.guideline
    here = Worker(options)  # this process's: the titles, and the jobs when there is no pool
    jobs = _jobs(here)
    several = len(jobs) > 1
    results: dict[str, bytes] = {}
    todo: list[tuple[int, tuple[str, ...], Outputs, str | None]] = []
    for index, (ids, outputs) in enumerate(jobs):
        key = _job_key(cache, options, ids, outputs) if cache else None
        hit = cache.get_files(key) if cache and key else None
        if hit is not None:
            results.update(hit)
        else:
            todo.append((index, ids, outputs, key))

    # A chapter changed, so the joined file does too: it is joined here while the pool lays out.
    joined = Concatenation([plain(c.title) for c in guideline.chapters]) if several and todo else None
    cached = [
        (index, results[outputs[0][0]])
        for index, (_, outputs) in enumerate(jobs)
        if joined is not None and outputs[0][0] in results
    ]

    def read_cached() -> None:
        for index, pdf in cached:
            assert joined is not None
            joined.add(index, pdf)

    def finished(index: int, key: str | None, files: dict[str, bytes]) -> None:
        if cache and key:
            cache.put_files(key, files)
        results.update(files)
        if joined is not None and files:
            joined.add(index, files[jobs[index][1][0][0]])

    workers = workers if workers is not None else (os.cpu_count() or 1)
    if (len(todo) > 1 or cached) and workers > 1:  # one changed chapter too: the cached sets are read meanwhile
        # Imported here: multiprocessing is slow to import, and `check` (which imports this
        # package for the card templates' environment) and one-chapter projects never need it.
        from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

        with ProcessPoolExecutor(
            max_workers=min(workers, len(todo)), initializer=_init_worker, initargs=(options,)
        ) as pool:
            running = {pool.submit(_worker_job, ids, outputs): (index, key) for index, ids, outputs, key in todo}
            read_cached()
            while running:
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in sorted(done, key=lambda f: running[f][0]):
                    index, key = running.pop(future)
                    finished(index, key, future.result())
    else:
        read_cached()
        for index, ids, outputs, key in todo:
            finished(index, key, here.render(ids, outputs))

    if several:
        title = here.title(None)
        sets = [(plain(c.title), results[f"cards/{c.id}.pdf"]) for c in guideline.chapters]
        key = _joined_key(cache, title, sets) if cache else None
        if joined is not None:
            results[WHOLE] = joined.pdf(title)
            if cache and key:
                cache.put_files(key, {WHOLE: results[WHOLE]})
        elif cache and key:  # every chapter's set from the cache: the joined file too, if it was made
            results[WHOLE] = cache.files(key, lambda: {WHOLE: concatenate_card_sets(sets, title)})[WHOLE]
        else:
            results[WHOLE] = concatenate_card_sets(sets, title)
    return dict(sorted(results.items()))


def _joined_key(cache: Cache, title: str, sets: list[tuple[str, bytes]]) -> str:
    """The all-chapters file's key: its title, and the outline label and bytes of each chapter's set."""
    import pypdf

    return cache.key(
        "cards-joined", title, [[label, pdf] for label, pdf in sets], {"pypdf": pypdf.__version__, "join": JOIN_FORMAT}
    )


def _job_key(cache: Cache, options: CardOptions, ids: tuple[str, ...] | None, outputs: Outputs) -> str:
    from weasyprint import __version__ as weasyprint_version

    guideline = options.guideline
    chapter = None
    if ids is not None and len(ids) == 1 and len(guideline.chapters) > 1:
        chapter = next(c for c in guideline.chapters if c.id == ids[0])
    extra = {
        "size": options.size,
        "site_url": options.site_url,
        "date": card_date(guideline),
        "created": pdf_timestamp(guideline),
        "font": CARD_FONT,
        "weasyprint": weasyprint_version,
        "catalog": card_messages(guideline, options.templates).digest,
        "variant": PDF_VARIANT,
    }
    return cache.cards_key(guideline, chapter, options.templates, extra, [list(o) for o in outputs])
