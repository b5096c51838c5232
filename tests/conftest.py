"""Shared fixtures: the repository root and disposable copies of the project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from guidepress.model import Guideline
from guidepress.phases import check
from guidepress.project_files import copy_parts

ROOT = Path(__file__).resolve().parents[1]
#: Where tests publish: the default mkdocs.yml's address is a placeholder
#: (GP116, fatal under --strict), which a board replaces before publishing;
#: tests of other things check and build as such a board would.
PUBLISHED_URL = "https://guidelines.ago-online.de/ago-breast/"


@pytest.fixture(scope="module")
def published() -> Iterator[str]:
    """GUIDEPRESS_SITE_URL set to a published address (for a module's fixtures too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GUIDEPRESS_SITE_URL", PUBLISHED_URL)
        yield PUBLISHED_URL


def copy_project(dest: Path) -> Path:
    """Copy what a build reads (not site/, not the venv) into ``dest``."""
    return copy_parts(ROOT, dest)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh, writable copy of the default project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def guideline() -> Guideline:
    """The default content, loaded and validated once per session."""
    result = check(ROOT)
    assert result.ok, "\n".join(d.as_text() for d in result.diagnostics)
    assert result.guideline is not None
    return result.guideline


@pytest.fixture(scope="session")
def bilingual_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/projects/bilingual built once per test process: the tests read it (one that changes a file puts
    it back)."""
    from grading_projects import bilingual

    from guidepress.cli import main

    root = bilingual(tmp_path_factory.mktemp("bilingual") / "project")
    assert main(["build", "--root", str(root)]) == 0
    return root


@pytest.fixture(scope="session")
def cards_a6(guideline: Guideline) -> dict[str, bytes]:
    """The default content's A6 cards, rendered once per session (card_pdfs.rendered)."""
    from card_pdfs import rendered

    return rendered(guideline, "a6")
