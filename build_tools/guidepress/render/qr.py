"""QR codes for the pocket cards: a section's web address as an SVG data URI."""

from __future__ import annotations


def qr_svg_data_uri(url: str, *, border: int = 2) -> str:
    """A vector QR code (error level M, version chosen by segno) for ``url``.

    The SVG has a viewBox and no fixed size, so CSS sizes it; the result is
    a deterministic function of ``url``.
    """
    import segno  # imported here: it pulls in urllib, http, email and ssl (25-30 ms), which `check` never needs

    qr = segno.make(url, error="m", micro=False, boost_error=False)
    return qr.svg_data_uri(
        border=border, omitsize=True, xmldecl=False, svgns=True, title=None, desc=None, svgclass=None, lineclass=None
    )
