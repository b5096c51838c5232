"""MkDocs' configuration of a project: guidepress' defaults, then the project's mkdocs.yml.

A project needs no ``mkdocs.yml``. guidepress' defaults are
``templates/site/mkdocs.yml`` (in the package, and in a project's
``templates/`` only if it copies it); the project's ``mkdocs.yml``, when it
has one, is read on top of them the way MkDocs reads a file over the one it
``INHERIT``\\ s: a mapping (``theme``, ``validation``, ``extra``, and
``plugins`` or ``markdown_extensions`` written as mappings) is merged key by
key, any other value (text, a number, a list) replaces guidepress'. A file
the project's ``INHERIT``\\ s is merged in between, the same way. So a
project sets only what differs: ``site_url``, one plugin option
(``plugins: {guidepress: {card_size: a7}}``), a theme's ``custom_dir``
(searched before Material's own templates; guidepress ships no theme
overrides of its own). ``docs_dir``, unless set, is the project's
``templates/site/docs`` when it has one, else guidepress' own; the plugin
adds guidepress' static files (the site's CSS and JavaScript) that it lacks
(``static_files``).

The result is one YAML document, composed from the files' node trees so that
MkDocs' own tags (``!ENV``, ``!relative``, ``!!python/name:``) reach MkDocs
untouched, and MkDocs reads it as it reads a file (``mkdocs_source``).
Without a project ``mkdocs.yml`` the document names the project folder in
the plugin's ``root`` option, since there is no file whose folder it is.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import ConfigurationError

from .packaged import search_path, tool_templates
from .project_config import PLUGIN, parse_mkdocs_yml

_MAP = "tag:yaml.org,2002:map"
_STR = "tag:yaml.org,2002:str"


def defaults_file() -> Path:
    """guidepress' MkDocs defaults (the package's ``templates/site/mkdocs.yml``)."""
    return tool_templates() / "site" / "mkdocs.yml"


def static_dirs(root: Path) -> tuple[Path, ...]:
    """The folders of the site's static files, first found first: the project's
    ``templates/site/docs``, then guidepress' own."""
    return search_path(root, "site", "docs")


def overrides_dir(root: Path) -> Path:
    """The theme overrides: the project's ``templates/site/overrides`` if it has one, else guidepress' own."""
    return search_path(root, "site", "overrides")[0]


def static_files(root: Path) -> dict[str, Path]:
    """Site path -> the folder it comes from, for every static file of ``static_dirs``."""
    found: dict[str, Path] = {}
    for folder in static_dirs(root):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                found.setdefault(path.relative_to(folder).as_posix(), folder)
    return found


def document(root: Path, config_file: Path) -> str:
    """The configuration MkDocs builds the project at ``root`` with, as YAML text."""
    merged: yaml.Node = _compose(defaults_file())
    if config_file.is_file():
        merged = _merge(merged, _compose(config_file))
    else:
        merged = _merge(
            merged,
            _mapping({"site_dir": str(root.resolve() / "site"), "plugins": {PLUGIN: {"root": str(root.resolve())}}}),
        )
    if _get(merged, "docs_dir") is None:
        merged = _merge(merged, _mapping({"docs_dir": str(static_dirs(root)[0].resolve())}))
    if _get(_get(merged, "theme") or merged, "custom_dir") is None:
        # guidepress' theme extension (each page's head links its export and carries JSON-LD);
        # a project that sets its own custom_dir replaces it (Material searches one such folder).
        merged = _merge(merged, _mapping({"theme": {"custom_dir": str(overrides_dir(root).resolve())}}))
    return yaml.serialize(merged, allow_unicode=True)


def config_data(root: Path, config_file: Path) -> dict[str, Any]:
    """``document`` as plain data (MkDocs' ``!ENV`` resolved, its other tags read as None)."""
    data = parse_mkdocs_yml(document(root, config_file))
    if data is None:
        raise ConfigurationError(f"{config_file}: not a mapping of settings")
    return data


class ConfigDocument(io.StringIO):
    """``document`` as MkDocs opens a configuration file; made afresh each time MkDocs reads it
    from the start, because ``mkdocs serve`` loads its configuration again for every build and
    an edit to mkdocs.yml must show."""

    def __init__(self, root: Path, config_file: Path) -> None:
        super().__init__()
        self.root, self.config_file = root, config_file

    def seek(self, pos: int, whence: int = 0, /) -> int:
        if (pos, whence) == (0, 0):
            text = document(self.root, self.config_file)
            super().seek(0)
            self.truncate()
            self.write(text)
        return super().seek(pos, whence)

    def close(self) -> None:
        """Stays open: MkDocs closes what it read, and serve reads it again."""


def mkdocs_source(root: Path, config_file: Path) -> dict[str, Any]:
    """The arguments of MkDocs' ``load_config`` (or ``serve``) that make it read the project's
    configuration: the document, and the project's mkdocs.yml as the file it was read from
    (None without one: MkDocs would watch it)."""
    return {
        "config_file": ConfigDocument(root, config_file),
        "config_file_path": str(config_file) if config_file.is_file() else None,
    }


def without_guidepress(plugins: Any) -> list[Any] | dict[str, Any]:
    """A configuration's ``plugins`` (a list or a mapping) without the guidepress plugin, for
    engines that run over pages already made (Zensical loads no MkDocs plugins)."""
    if isinstance(plugins, dict):
        return {name: options for name, options in plugins.items() if name != PLUGIN}
    return [p for p in plugins or [] if (p if isinstance(p, str) else next(iter(p), "")) != PLUGIN]


# ---------------------------------------------------------------- node trees


def _compose(path: Path) -> yaml.Node:
    """``path``'s node tree, with the file it INHERITs (relative to it) merged under it."""
    try:
        node = _compose_text(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigurationError(f"{path}: {exc}") from exc
    if node is None:
        return yaml.MappingNode(_MAP, [])
    if not isinstance(node, yaml.MappingNode):
        raise ConfigurationError(f"{path}: not a mapping of settings")
    inherit = _get(node, "INHERIT")
    if inherit is None:
        return node
    if not isinstance(inherit, yaml.ScalarNode) or inherit.tag != _STR:
        raise ConfigurationError(f"{path}: INHERIT must be the path of a file")
    parent = path.parent / inherit.value
    if not parent.is_file():
        raise ConfigurationError(f"{path}: the inherited file '{inherit.value}' does not exist at {parent}")
    own = yaml.MappingNode(node.tag, [(k, v) for k, v in node.value if not _named(k, "INHERIT")])
    return _merge(_compose(parent), own)


def _compose_text(text: str) -> yaml.Node | None:
    """PyYAML's node tree of ``text``, made by libyaml where that gives the same tree: 20 times
    faster, and MkDocs reads the configuration on every build (6 of the 8 ms it took). PyYAML
    refuses a tab in places libyaml accepts one, and its error messages quote the line, so a text
    with a tab, or one libyaml cannot read, is composed by PyYAML itself."""
    if "\t" not in text:
        try:
            node: yaml.Node | None = yaml.compose(text, Loader=yaml.CSafeLoader)
            return node
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _merge(base: yaml.Node, over: yaml.Node) -> yaml.Node:
    """``over`` on top of ``base``: mappings key by key (recursively), anything else replaced."""
    if not (_is_map(base) and _is_map(over)):
        return over
    assert isinstance(base, yaml.MappingNode) and isinstance(over, yaml.MappingNode)
    pairs = list(base.value)
    at = {k.value: i for i, (k, _) in enumerate(pairs) if isinstance(k, yaml.ScalarNode)}
    for key, value in over.value:
        i = at.get(key.value) if isinstance(key, yaml.ScalarNode) else None
        if i is None:
            if isinstance(key, yaml.ScalarNode):
                at[key.value] = len(pairs)
            pairs.append((key, value))
        else:
            pairs[i] = (pairs[i][0], _merge(pairs[i][1], value))
    return yaml.MappingNode(base.tag, pairs)


def _is_map(node: yaml.Node) -> bool:
    return isinstance(node, yaml.MappingNode) and node.tag == _MAP


def _named(key: yaml.Node, name: str) -> bool:
    return isinstance(key, yaml.ScalarNode) and key.value == name


def _get(node: yaml.Node, name: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if _named(key, name):
                found: yaml.Node = value
                return found
    return None


def _mapping(data: dict[str, Any]) -> yaml.Node:
    """Plain data (text and mappings of text) as a node tree."""
    return yaml.SafeDumper(io.StringIO()).represent_data(data)
