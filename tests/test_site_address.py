"""The publishing address: a placeholder is a warning (GP116) that --strict makes fatal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PUBLISHED_URL

from guidepress.cli import main
from guidepress.site_address import placeholder


@pytest.mark.parametrize(
    "url",
    [
        "https://guidelines.example.org/ago-breast/",
        "https://example.com/",
        "http://www.example.net/x/",
        "http://localhost:8000/",
        "http://127.0.0.1/",
        "http://[::1]/",
        "http://0.0.0.0/",
        "https://guidelines.test/",
        "https://site.invalid/",
        "https://a.example/",
        "https://app.localhost/",
    ],
)
def test_placeholders(url: str) -> None:
    assert placeholder(url) is not None


@pytest.mark.parametrize(
    "url",
    [
        PUBLISHED_URL,
        "https://www.ago-online.de/",
        "https://example.org.hospital.de/",
        "https://myexample.org/",
        "https://10.1.2.3/guidelines/",
        "/ago-breast/",
    ],
)
def test_real_addresses(url: str) -> None:
    assert placeholder(url) is None


def test_check_warns_and_strict_builds_refuse_the_placeholder(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GUIDEPRESS_SITE_URL", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    line = next(
        i
        for i, text in enumerate((project / "mkdocs.yml").read_text("utf-8").splitlines(), 1)
        if text.startswith("site_url:")
    )
    assert main(["check", "--root", str(project)]) == 0
    out = capsys.readouterr().out
    assert (
        f"mkdocs.yml:{line}:11: warning GP116 site_url https://guidelines.example.org/ago-breast/ is a "
        "placeholder (example.org is reserved for examples)" in out
    )
    assert "GUIDEPRESS_SITE_URL" in out
    site = project / "site"
    assert main(["build", "--root", str(project), "--strict"]) == 1
    assert not site.exists()
    assert "GP116" in capsys.readouterr().err
    # Not strict: published with the warning, as before.
    assert main(["build", "--root", str(project), "--no-cards"]) == 0
    assert (site / "index.html").is_file()
    capsys.readouterr()
    monkeypatch.setenv("GUIDEPRESS_SITE_URL", PUBLISHED_URL)
    assert main(["check", "--root", str(project), "--strict"]) == 0
    assert capsys.readouterr().out == ""


def test_mkdocs_build_strict_refuses_the_placeholder_too(project: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "GUIDEPRESS_SITE_URL"} | {"NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "-d", "plain-site"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    assert re.search(r"mkdocs\.yml:\d+:11: warning GP116 ", proc.stderr), proc.stderr
