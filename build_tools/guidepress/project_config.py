"""Reading the project's ``mkdocs.yml`` for the settings guidepress takes from it.

``mkdocs.yml`` may carry MkDocs' own YAML tags (``!ENV``, ``!relative``,
``!!python/name:...``); a plain ``yaml.safe_load`` fails on them. The loader
here resolves ``!ENV`` like MkDocs does and reads every other unknown tag as
None, so only the plain settings we ask for matter. The node tree is kept,
so that a problem in a setting is reported at its line and column.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, SourcePos
from .load.codes import INVALID_VALUE, WRONG_TYPE, YAML_SYNTAX
from .load.files import display_path, read_text

PLUGIN = "guidepress"


class _TolerantLoader(yaml.SafeLoader):
    """SafeLoader that never fails on a tag it does not know."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """MkDocs' ``!ENV VAR`` / ``!ENV [VAR, OTHER, default]``."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node)
        names, default = [str(i) for i in items[:-1]], items[-1] if len(items) > 1 else None
        if len(items) == 1:
            names = [str(items[0])]
    else:
        return None
    for name in names:
        if (value := os.environ.get(str(name))) is not None:
            return value
    return default


def _unknown(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TolerantLoader.add_constructor("!ENV", _env)
_TolerantLoader.add_multi_constructor("", _unknown)


@dataclass(frozen=True)
class MkdocsYml:
    """A parsed ``mkdocs.yml``: its data, and where each value stands in it."""

    shown: str  # the path as diagnostics print it
    data: dict[str, Any]
    node: yaml.MappingNode

    def plugin_options(self, name: str = PLUGIN) -> tuple[dict[str, Any], yaml.Node | None]:
        """The options given to plugin ``name`` (``plugins:`` as a list or a mapping) and their node."""
        plugins = _value(self.node, "plugins")
        entries: list[yaml.Node] = []
        if isinstance(plugins, yaml.SequenceNode):
            entries = list(plugins.value)
        elif isinstance(plugins, yaml.MappingNode):
            entries = [plugins]
        for entry in entries:
            if isinstance(entry, yaml.MappingNode) and (options := _value(entry, name)) is not None:
                data = _construct(options)
                return (data if isinstance(data, dict) else {}), options
        return {}, None

    def pos(self, node: yaml.Node | None) -> SourcePos:
        mark = node.start_mark if node is not None else None
        return SourcePos(self.shown, mark.line + 1, mark.column + 1) if mark else SourcePos(self.shown, 1, 1)

    def value_node(self, parent: yaml.Node | None, key: str) -> yaml.Node | None:
        return _value(parent, key) if isinstance(parent, yaml.MappingNode) else None


def _value(mapping: yaml.MappingNode | yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(mapping, yaml.MappingNode):
        return None
    pairs: list[tuple[yaml.Node, yaml.Node]] = mapping.value  # PyYAML's types leave it Any
    for k, v in pairs:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return v
    return None


def _construct(node: yaml.Node) -> Any:
    loader = _TolerantLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def read_mkdocs_yml(
    config_file: Path, root: Path, seen: frozenset[Path] = frozenset()
) -> tuple[MkdocsYml | None, list[Diagnostic]]:
    """``config_file`` parsed; None when it does not exist, or with the problems that keep it from being used."""
    if not config_file.is_file():
        return None, []
    text = read_text(config_file, root)
    if isinstance(text, Diagnostic):
        return None, [text]
    shown = display_path(config_file, root)
    loader = _TolerantLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = SourcePos(shown, mark.line + 1, mark.column + 1) if mark else SourcePos(shown, 1, 1)
        return None, [YAML_SYNTAX.at(where, f"{exc.problem or exc}; MkDocs cannot read this file either")]
    except yaml.YAMLError as exc:
        return None, [YAML_SYNTAX.at(SourcePos(shown, 1, 1), f"{exc}; MkDocs cannot read this file either")]
    finally:
        loader.dispose()
    if not isinstance(node, yaml.MappingNode) or not isinstance(data, dict):
        return None, [
            WRONG_TYPE.at(
                SourcePos(shown, 1, 1), "mkdocs.yml must be a mapping of settings (site_name: ..., plugins: ...)"
            )
        ]
    config = MkdocsYml(shown, data, node)
    return config, _inherit_problems(config, config_file, root, seen)


def _inherit_problems(
    config: MkdocsYml, config_file: Path, root: Path, seen: frozenset[Path] = frozenset()
) -> list[Diagnostic]:
    """MkDocs' ``INHERIT``: the file it names must be there and be a configuration itself (read the same way,
    so that a problem in it is reported at its own line), or MkDocs refuses the build after check passed."""
    inherit = _value(config.node, "INHERIT")
    if inherit is None:
        return []
    if not isinstance(inherit, yaml.ScalarNode) or not isinstance(config.data.get("INHERIT"), str):
        return [
            INVALID_VALUE.at(
                config.pos(inherit), "INHERIT must be the path of a configuration file, relative to this one"
            )
        ]
    parent = (config_file.parent / inherit.value).resolve()
    if not parent.is_file():
        where = display_path(config_file.parent / inherit.value, root)
        return [
            INVALID_VALUE.at(
                config.pos(inherit),
                f"INHERIT names '{inherit.value}', which is not a file ({where}); give the path of the configuration "
                "to inherit, relative to this file, or remove INHERIT",
            )
        ]
    if parent in seen or parent == config_file.resolve():
        return [
            INVALID_VALUE.at(
                config.pos(inherit), f"INHERIT '{inherit.value}' inherits this file again: remove the loop"
            )
        ]
    _, problems = read_mkdocs_yml(config_file.parent / inherit.value, root, seen | {config_file.resolve()})
    return problems


def parse_mkdocs_yml(text: str) -> dict[str, Any] | None:
    """A configuration's text as plain data; None when it is not a mapping."""
    data = yaml.load(text, Loader=_TolerantLoader)  # noqa: S506 - safe subclass
    return data if isinstance(data, dict) else None


def normal_site_url(value: Any) -> str | None:
    """``site_url`` as the cards use it: ending in "/"; None when unset or blank."""
    if not isinstance(value, str) or not value.strip():
        return None
    url = value.strip()
    return url if url.endswith("/") else url + "/"
