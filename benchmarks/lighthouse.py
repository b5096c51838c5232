"""Lighthouse on the built site: the scores a reader's phone gets.

    python benchmarks/lighthouse.py --lighthouse /tmp/lh/node_modules/.bin/lighthouse
    python benchmarks/lighthouse.py --scale M --lighthouse ...      # the largest chapter of scale M
    python benchmarks/lighthouse.py --site site/ --lighthouse ...   # an already built site

Builds the default project (or a synthetic one of ``--scale``), serves the
site on 127.0.0.1 with gzip (as any production server would; Lighthouse's
performance score is not fair without it) and runs Lighthouse's mobile
preset (its default: a mid-range phone on a slow 4G link, simulated) on the
home, the largest chapter, the grades and the references page, one after
the other. Prints the performance and accessibility scores with the figures
behind them, and the size of the search index every reader downloads on
their first search. A benchmark, not a test: Lighthouse simulates the phone
from the tasks it sees run here, so a loaded machine scores lower (total
blocking time grows with the load); ``--runs`` prints the median run.

Lighthouse itself is not a dependency: ``npm install --no-save lighthouse``
in a temporary folder, and pass its ``node_modules/.bin/lighthouse``. It
drives Debian's ``/usr/bin/chromium`` (``CHROME_PATH``).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CHROMIUM = "/usr/bin/chromium"
#: What the reader's browser gets compressed; fonts and PDFs are compressed already.
COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".webmanifest", ".txt")
AUDITS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "dom-size": "DOM",
}


@dataclass(frozen=True)
class Score:
    page: str
    performance: int
    accessibility: int
    figures: dict[str, str]
    failed: tuple[str, ...]  # accessibility audits that failed, by id
    # Lighthouse's measure of this machine's CPU at the time (higher is faster): a loaded
    # machine scores lower, since the phone's slowdown is simulated on top of it.
    benchmark_index: float


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-compressed when the client accepts it."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the folder's address
            path = path / "index.html"
        if not path.is_file() or path.suffix not in COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return BytesIO(body)


@contextmanager
def served(site: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def build(scale: str, work: Path, cards: bool) -> Path:
    """The site of the default project (``scale`` "default") or of a synthetic one, built into ``work``."""
    project = work / "project"
    if scale == "default":
        project.mkdir(parents=True)
        for part in ("source", "bib", "templates", "mkdocs.yml"):
            src = REPO / part
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / part)
    else:
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(project), "--scale", scale, "--seed", "1"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", PYTHONPATH=str(REPO / "build_tools"))
    command = [sys.executable, "-m", "guidepress", "build", "--root", str(project), "--out", str(work / "site")]
    subprocess.run(command + ([] if cards else ["--no-cards"]), check=True, env=env, stdout=subprocess.DEVNULL)
    return work / "site"


def pages(site: Path) -> dict[str, str]:
    """Name -> path of the pages to score: home, the largest chapter page, grades, references."""
    chapters = [
        p
        for p in site.glob("*/index.html")
        if p.parent.name not in ("grades", "references", "glossary", "search", "assets", "export")
    ]
    largest = max(chapters, key=lambda p: p.stat().st_size)
    return {
        "home": "",
        f"chapter ({largest.parent.name})": f"{largest.parent.name}/",
        "grades": "grades/",
        "references": "references/",
    }


def lighthouse(binary: str, url: str) -> dict[str, Any]:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", CHROMIUM))
    proc = subprocess.run(
        [
            binary,
            url,
            "--only-categories=performance,accessibility",
            "--output=json",
            "--output-path=stdout",
            "--quiet",
            "--chrome-flags=--headless --no-sandbox --disable-gpu",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"lighthouse {url} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    report: dict[str, Any] = json.loads(proc.stdout)
    return report


def score(name: str, report: dict[str, Any]) -> Score:
    categories = report["categories"]
    audits = report["audits"]
    figures = {label: audits[key].get("displayValue", "") for key, label in AUDITS.items() if key in audits}
    failed = tuple(a["id"] for a in categories["accessibility"]["auditRefs"] if audits[a["id"]].get("score") == 0)
    return Score(
        name,
        round(categories["performance"]["score"] * 100),
        round(categories["accessibility"]["score"] * 100),
        figures,
        failed,
        report.get("environment", {}).get("benchmarkIndex", 0.0),
    )


def search_index(site: Path) -> tuple[int, int]:
    """The search index's size, as stored and as sent gzipped."""
    data = (site / "search" / "search_index.json").read_bytes()
    return len(data), len(gzip.compress(data, mtime=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--lighthouse",
        default=os.environ.get("LIGHTHOUSE", "lighthouse"),
        help="the lighthouse command (node_modules/.bin/lighthouse)",
    )
    parser.add_argument("--scale", default="default", choices=("default", "S", "M", "L"))
    parser.add_argument("--site", type=Path, help="score this built site instead of building one")
    parser.add_argument("--cards", action="store_true", help="build the pocket cards too (slow at M)")
    parser.add_argument("--pages", help="comma-separated page names to score (default: all four)")
    parser.add_argument(
        "--runs", type=int, default=1, help="runs per page; the median run (by performance) is printed (default 1)"
    )
    args = parser.parse_args(argv)
    if shutil.which(args.lighthouse) is None:
        parser.error(
            f"{args.lighthouse}: not found; npm install --no-save lighthouse, then pass "
            "--lighthouse node_modules/.bin/lighthouse"
        )
    with tempfile.TemporaryDirectory(prefix="guidepress-lighthouse-") as tmp:
        site = args.site or build(args.scale, Path(tmp), args.cards)
        raw, packed = search_index(site)
        print(
            f"site: {site if args.site else args.scale}; search index {raw / 1024:,.0f} kB, "
            f"{packed / 1024:,.0f} kB gzipped"
        )
        wanted = set(args.pages.split(",")) if args.pages else None
        with served(site) as base:
            for name, path in pages(site).items():
                if wanted and name.split(" ")[0] not in wanted:
                    continue
                runs = sorted(
                    (score(name, lighthouse(args.lighthouse, base + path)) for _ in range(args.runs)),
                    key=lambda run: run.performance,
                )
                s = runs[len(runs) // 2]
                figures = "  ".join(f"{k} {v}" for k, v in s.figures.items())
                failed = f"  failed: {', '.join(s.failed)}" if s.failed else ""
                # Every run's score and the machine's speed: under load the runs differ widely.
                spread = " ".join(str(r.performance) for r in runs)
                low, high = min(r.benchmark_index for r in runs), max(r.benchmark_index for r in runs)
                print(
                    f"{s.page:<32} performance {s.performance:>3}  accessibility {s.accessibility:>3}  "
                    f"{figures}{failed}  (runs {spread}; CPU benchmark index {low:.0f}-{high:.0f})",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
