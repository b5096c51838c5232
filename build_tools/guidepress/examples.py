"""The example project every diagnostic code's failing example is written in.

One guideline (``ago-breast``) with one chapter (``liver``): the rule and
loader modules declare their examples as edits of these texts, so that the
generated docs/diagnostics.md shows one project throughout and a change to
its shape is made here once.
"""

from __future__ import annotations

CHAPTER = "source/chapters/liver.yml"
GUIDELINE = "source/guideline.yml"
BIB = "bib/liver.bib"

#: The chapter's head down to its one section's title.
SECTION = "id: liver\ntitle: Liver metastases\nsections:\n  - id: liver-local-therapy\n    title: Local therapy\n"
#: ``SECTION`` with its first recommendation's id and text (grades follow in the example).
RESECTION = SECTION + "    recommendations:\n      - id: liver-resection\n        text: Resection of liver metastases\n"


def guideline(*, version: str = "2023.1E", date: str = "", chapters: str = "[liver]") -> str:
    """The example project's guideline.yml with one line changed."""
    return (
        "id: ago-breast\ntitle: Diagnosis and Treatment of Patients with early and advanced Breast Cancer\n"
        f"publisher: AGO\nversion: {version}\n{date}language: en\ngrading: [loe, gr, ago]\n"
        f"chapters: {chapters}\n"
    )


def chapter(*lines: str) -> str:
    """A chapter file of the example project: its id, its title, ``lines``, and no sections."""
    return "id: liver\ntitle: Liver metastases\n" + "".join(f"{line}\n" for line in lines) + "sections: []\n"
