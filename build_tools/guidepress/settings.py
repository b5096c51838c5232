"""One Settings object per run, the same for the command line and the MkDocs plugin.

Every setting is read and checked here, once, from (later overriding earlier):

1. guidepress' defaults;
2. the project's ``mkdocs.yml``: ``site_url``, the public address the pocket
   cards' QR codes print (``GUIDEPRESS_SITE_URL`` reaches it through the
   file's ``!ENV``), and the guidepress plugin's ``card_size``;
3. the environment: ``GUIDEPRESS_NO_CACHE``, ``SOURCE_DATE_EPOCH``;
4. the command line (``guidepress ...``), or the plugin's options (``mkdocs build``).

``site_url`` is read from the file, never from MkDocs' loaded configuration:
``mkdocs serve`` points that at the local server, and the cards of a preview
must print the same addresses as the published ones. So ``guidepress build``
and ``mkdocs build`` (with ``cards: true``) render the same cards and pages.

A problem in ``mkdocs.yml`` is a Diagnostic at its line and column; a bad
value on the command line is a UsageError.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, has_errors
from .load.codes import INVALID_VALUE, PLACEHOLDER_SITE_URL, WRONG_TYPE
from .packaged import tool_templates
from .project_config import MkdocsYml, normal_site_url, read_mkdocs_yml
from .site_address import placeholder

CONFIG = "mkdocs.yml"
ENGINES = ("mkdocs", "zensical")
DEFAULT_CARD_SIZE = "a6"
NO_CACHE_ENV = "GUIDEPRESS_NO_CACHE"
EPOCH_ENV = "SOURCE_DATE_EPOCH"
#: guidepress' own templates (cards, site pages, theme assets, MkDocs defaults); a
#: project's ``templates/`` overrides them file by file (packaged.py).
TOOL_TEMPLATES = tool_templates().resolve()


class UsageError(ValueError):
    """A setting given on the command line (or in code) that guidepress cannot use; the message says why."""


@dataclass(frozen=True, slots=True)
class Settings:
    root: Path  # the project: source/, bib/, optional templates/ and mkdocs.yml
    config_file: Path  # its mkdocs.yml
    out: Path  # the site folder written (or read back by verify)
    site_url: str | None = None  # public address for the cards' QR codes, ending in "/"; None: no QR codes
    cards: bool = True  # render the pocket cards
    card_size: str = DEFAULT_CARD_SIZE  # checked only when cards are made
    engine: str = "mkdocs"
    cache: bool = True  # the content-hash cache under .cache/guidepress (cache.py)
    strict: bool = False  # warnings fail the run
    source_date_epoch: str | None = None
    template_dirs: tuple[Path, ...] = (TOOL_TEMPLATES,)  # the project's templates/ first

    def __post_init__(self) -> None:
        if self.cards and (problem := card_size_problem(self.card_size)) is not None:
            raise UsageError(problem)
        if self.engine not in ENGINES:
            raise UsageError(f"unknown site engine {self.engine!r}; choose one of: {', '.join(ENGINES)}")

    @property
    def card_templates(self) -> tuple[Path, ...]:
        """Where each card template is looked up, first found first: the project's ``templates/cards/``, then
        guidepress' own (a project holding one card template changes that template only)."""
        return tuple(folder / "cards" for folder in self.template_dirs)


def card_templates(template_dirs: tuple[Path, ...]) -> tuple[Path, ...]:
    """Of ``template_dirs`` (the project's first), where each card template is looked up, first found first."""
    return tuple(folder / "cards" for folder in template_dirs)


def card_size_problem(size: str) -> str | None:
    """Why ``size`` is no card size, naming those there are (render/cards/layout.py SIZES); None when it is one."""
    # The one table of card sizes; imported only where cards are made (render/cards/ is slow to import).
    from .render.cards import SIZES

    if size in SIZES:
        return None
    return f"unknown card size {size!r}; choose one of: {', '.join(map(repr, SIZES))}"


def load_settings(
    root: Path,
    *,
    config_file: Path | None = None,
    out: Path | None = None,
    cards: bool = True,
    card_size: str | None = None,
    engine: str = "mkdocs",
    strict: bool = False,
    environ: Mapping[str, str] | None = None,
) -> tuple[Settings | None, list[Diagnostic]]:
    """The settings of a run over the project at ``root``; None with the problems found in ``mkdocs.yml``.

    ``card_size`` None: the plugin's ``card_size`` in ``mkdocs.yml``, else a6
    (read only when ``cards``). Raises UsageError for an unknown engine or card size given here.
    """
    env = os.environ if environ is None else environ
    config_file = config_file or root / CONFIG
    config, diags = read_mkdocs_yml(config_file, root)
    if diags:
        return None, diags
    site_url, diags = _site_url(config)
    size = card_size or DEFAULT_CARD_SIZE
    if cards and card_size is None and config is not None:
        size, problems = _configured_card_size(config)
        diags += problems
    if has_errors(diags):
        return None, diags
    settings = Settings(
        root=root,
        config_file=config_file,
        out=out or root / "site",
        site_url=site_url,
        cards=cards,
        card_size=size,
        engine=engine,
        cache=not env.get(NO_CACHE_ENV),
        strict=strict,
        source_date_epoch=env.get(EPOCH_ENV),
        template_dirs=project_template_dirs(root),
    )
    return settings, diags


def project_template_dirs(root: Path) -> tuple[Path, ...]:
    """The project's templates/ (when it has one), then guidepress' own, each once
    (in this repository they are one folder)."""
    own = root / "templates"
    if own.is_dir() and own.resolve() != TOOL_TEMPLATES:
        return (own, TOOL_TEMPLATES)
    return (TOOL_TEMPLATES,)


def _site_url(config: MkdocsYml | None) -> tuple[str | None, list[Diagnostic]]:
    if config is None:
        return None, []
    value = config.data.get("site_url")
    if value is not None and not isinstance(value, str):
        return None, [
            WRONG_TYPE.at(
                config.pos(config.value_node(config.node, "site_url")),
                "site_url must be text: the address where the site is published, "
                "e.g. https://guidelines.example.org/our-guideline/",
            )
        ]
    url = normal_site_url(value)
    if url is not None and (why := placeholder(url)) is not None:
        return url, [
            PLACEHOLDER_SITE_URL.at(
                config.pos(config.value_node(config.node, "site_url")),
                f"site_url {url} is a placeholder ({why}): the pocket cards' QR codes and the sitemap would point "
                "there; set site_url, or GUIDEPRESS_SITE_URL, to the address where the site is published",
            )
        ]
    return url, []


def _configured_card_size(config: MkdocsYml) -> tuple[str, list[Diagnostic]]:
    options, node = config.plugin_options()
    size = options.get("card_size", DEFAULT_CARD_SIZE)
    problem = card_size_problem(size) if isinstance(size, str) else f"card_size must be text, not {size!r}"
    if problem is not None:
        where = config.pos(config.value_node(node, "card_size"))
        return DEFAULT_CARD_SIZE, [INVALID_VALUE.at(where, f"guidepress plugin option card_size: {problem}")]
    return size, []
