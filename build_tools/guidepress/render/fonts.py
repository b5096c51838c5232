"""The cards' named font: check that fontconfig knows it before rendering.

WeasyPrint finds fonts through fontconfig and silently falls back to another
family when the one asked for is missing, so cards would look different on
another machine. We fail early instead, naming the Debian package.
"""

from __future__ import annotations

import shutil
from pathlib import Path

CARD_FONT = "DejaVu Sans"
CARD_FONT_PACKAGE = "fonts-dejavu-core"


class FontMissing(RuntimeError):
    """The cards' font is not installed."""


def _families_fc_list(family: str) -> list[str] | None:
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    import subprocess  # here, like ctypes below: `check` imports this module and asks fontconfig nothing

    out = subprocess.run([exe, family, "family"], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return None
    return [name for line in out.stdout.splitlines() for name in line.split(",") if name]


def _families_libfontconfig(family: str) -> list[str] | None:
    import ctypes.util

    name = ctypes.util.find_library("fontconfig")
    if name is None:
        return None
    lib = ctypes.CDLL(name)
    vp = ctypes.c_void_p
    lib.FcInitLoadConfigAndFonts.restype = vp
    lib.FcNameParse.restype = vp
    lib.FcNameParse.argtypes = [ctypes.c_char_p]
    lib.FcObjectSetBuild.restype = vp
    lib.FcFontList.restype = vp
    lib.FcFontList.argtypes = [vp, vp, vp]
    lib.FcFontSetDestroy.argtypes = [vp]
    config = lib.FcInitLoadConfigAndFonts()
    pattern = lib.FcNameParse(family.encode())
    objects = lib.FcObjectSetBuild(b"family", None)
    fonts = lib.FcFontList(config, pattern, objects)
    if not fonts:
        return []
    count = ctypes.cast(fonts, ctypes.POINTER(ctypes.c_int))[0]
    lib.FcFontSetDestroy(fonts)
    return [family] * count


def font_installed(family: str = CARD_FONT) -> bool:
    """Whether fontconfig lists at least one face of ``family``."""
    for probe in (_families_fc_list, _families_libfontconfig):
        families = probe(family)
        if families is not None:
            return any(f.strip().casefold() == family.casefold() for f in families)
    return False


def require_card_font() -> None:
    """Raise FontMissing with an actionable message unless the font is there."""
    if not font_installed(CARD_FONT):
        raise FontMissing(
            f'the pocket cards need the font "{CARD_FONT}", which fontconfig does not know: '
            f"install the Debian package {CARD_FONT_PACKAGE} "
            f"(sudo apt-get install {CARD_FONT_PACKAGE}, or run scripts/system-deps.sh)"
        )


def font_file(family: str = CARD_FONT, bold: bool = False) -> Path:
    """The file fontconfig picks for ``family`` (bold or regular): the face
    WeasyPrint lays the cards out with. Asks libfontconfig itself, which
    WeasyPrint loads anyway (the fc-* tools may not be installed)."""
    import ctypes.util

    name = ctypes.util.find_library("fontconfig")
    if name is None:
        raise FontMissing("libfontconfig is not installed: install the Debian package libfontconfig1")
    lib = ctypes.CDLL(name)
    vp = ctypes.c_void_p
    lib.FcInitLoadConfigAndFonts.restype = vp
    lib.FcNameParse.restype = vp
    lib.FcNameParse.argtypes = [ctypes.c_char_p]
    lib.FcConfigSubstitute.argtypes = [vp, vp, ctypes.c_int]
    lib.FcDefaultSubstitute.argtypes = [vp]
    lib.FcFontMatch.restype = vp
    lib.FcFontMatch.argtypes = [vp, vp, ctypes.POINTER(ctypes.c_int)]
    lib.FcPatternGetString.argtypes = [vp, ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_char_p)]
    lib.FcPatternDestroy.argtypes = [vp]
    config = lib.FcInitLoadConfigAndFonts()
    # FC_WEIGHT_BOLD is 200, FC_WEIGHT_REGULAR 80; FcMatchPattern is 0.
    pattern = lib.FcNameParse(f"{family}:weight={200 if bold else 80}".encode())
    lib.FcConfigSubstitute(config, pattern, 0)
    lib.FcDefaultSubstitute(pattern)
    result = ctypes.c_int()
    match = lib.FcFontMatch(config, pattern, ctypes.byref(result))
    lib.FcPatternDestroy(pattern)
    if not match:
        raise FontMissing(f'fontconfig finds no face of "{family}": install the Debian package {CARD_FONT_PACKAGE}')
    path = ctypes.c_char_p()
    found = lib.FcPatternGetString(match, b"file", 0, ctypes.byref(path)) == 0  # FcResultMatch
    file = Path(path.value.decode()) if found and path.value else None  # read before the pattern goes
    lib.FcPatternDestroy(match)
    if file is None:
        raise FontMissing(f'fontconfig names no file for "{family}": install the Debian package {CARD_FONT_PACKAGE}')
    return file
