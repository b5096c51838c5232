"""How an editor's YAML plugin reads a file: YAML 1.2's core schema, duplicate keys refused.

yaml-language-server (VS Code's YAML extension and the editors built on it)
parses YAML 1.2, where ``yes`` and ``2023-03-01`` are text and only
``true``/``false`` (any case of the first letter, or all capitals) are
booleans; PyYAML reads YAML 1.1 (``yes`` true, dates as dates). This reader
is PyYAML with the 1.2 core schema's resolvers, and it refuses a mapping
that names a key twice, as the plugin reports it. tests/test_editor_schemas.py
validates what it returns against the editor schemas.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml


class EditorLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core resolvers instead of 1.1's."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}


def _resolver(tag: str, pattern: str, first: list[str]) -> None:
    """``first``: the characters a value of the tag can start with ("" for the empty value)."""
    EditorLoader.add_implicit_resolver(tag, re.compile(pattern), first)


_resolver("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""])
_resolver("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF"))
_resolver("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789"))
_resolver(
    "tag:yaml.org,2002:float",
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
    list("-+.0123456789"),
)


def _int(loader: EditorLoader, node: yaml.ScalarNode) -> int:
    value = loader.construct_scalar(node)
    # Base 0 reads the 0o and 0x prefixes (and refuses "007", which YAML reads as 7).
    return int(value, 0) if value.startswith(("0o", "0x")) else int(value)


def _float(loader: EditorLoader, node: yaml.ScalarNode) -> float:
    value = loader.construct_scalar(node).lower()
    if value.endswith(".inf"):
        return float("-inf") if value.startswith("-") else float("inf")
    if value == ".nan":
        return float("nan")
    return float(value)


def _bool(loader: EditorLoader, node: yaml.ScalarNode) -> bool:
    return loader.construct_scalar(node).lower() == "true"


def _mapping(loader: EditorLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            # A list or mapping as a key: JSON (and so a schema) has no such key.
            raise yaml.constructor.ConstructorError(None, None, "a key that is not a scalar", key_node.start_mark)
        if key in out:
            raise yaml.constructor.ConstructorError(None, None, f"duplicate key {key!r}", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
    return out


EditorLoader.add_constructor("tag:yaml.org,2002:int", _int)
EditorLoader.add_constructor("tag:yaml.org,2002:float", _float)
EditorLoader.add_constructor("tag:yaml.org,2002:bool", _bool)
EditorLoader.add_constructor("tag:yaml.org,2002:map", _mapping)


def as_json(value: Any) -> Any:
    """The data as a JSON validator sees it: mapping keys as text (the plugin does the same)."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def editor_read(text: str) -> Any:
    """The file's data as the plugin reads it; raises yaml.YAMLError where it reports the YAML as broken."""
    return as_json(yaml.load(text, Loader=EditorLoader))  # a SafeLoader subclass
