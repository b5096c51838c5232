"""The theme's interface language for the guideline's language tag.

Material for MkDocs (and Zensical, which ships the same files) translates
its interface (search box, navigation, "Back to top") per language code,
one template each (``partials/languages/de.html``), and a build fails when
``theme.language`` names a code it has no file for. A valid BCP 47 tag such
as ``de-CH`` has none, so the tag falls back along its subtags (``de-CH`` ->
``de``), and to English when none of them has a translation. checks/language.py
warns about such a fallback; render/site_config.py gives the theme the
language found here.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

#: The theme's interface when no subtag of the guideline's language has a translation.
FALLBACK = "en"


@cache
def translations() -> dict[str, str]:
    """The theme's translations: lower-cased code -> the code as its file names it (``pt-br`` -> ``pt-BR``).

    Empty when Material is not installed: then no build can run either, and
    nothing is said about the language.
    """
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return {}
    folder = Path(next(iter(spec.submodule_search_locations))) / "templates" / "partials" / "languages"
    return {path.stem.lower(): path.stem for path in folder.glob("*.html")}


def theme_language(tag: str) -> str:
    """The translation the theme uses for the language ``tag``: the longest prefix of its subtags that
    has one (any case), else FALLBACK; ``tag`` itself when the theme's translations cannot be found."""
    known = translations()
    if not known:
        return tag
    subtags = tag.split("-")
    for n in range(len(subtags), 0, -1):
        if (found := known.get("-".join(subtags[:n]).lower())) is not None:
            return found
    return FALLBACK
