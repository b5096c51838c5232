"""The benchmark's results: the summary of a run, written as JSON and printed as tables."""

from __future__ import annotations

import json
import os
import platform
import resource
from dataclasses import asdict
from pathlib import Path
from typing import Any

from harness import Bench, Result
from ratios import ratios


def summary(
    bench: Bench, seed: int, gen_seconds: float, results: dict[str, Result], *, complete: bool
) -> dict[str, Any]:
    return {
        "scale": asdict(bench.scale),
        "seed": seed,
        "complete": complete,
        "generated": {k: v for k, v in asdict(bench.counts).items() if k != "files"}
        | {"files": len(bench.counts.files)},
        "generate_seconds": round(gen_seconds, 3),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "maxrss_self_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        },
        "stages": {n: asdict(r) for n, r in results.items()},
        "ratios": ratios(results),
        "memory": {k: round(v, 1) for k, v in bench.extra.items() if k.endswith("_mb")},
        "sizes": {k: round(v, 1) for k, v in bench.extra.items() if k.endswith("_kb")},
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
    tmp.replace(path)


def print_report(data: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    scale = data["scale"]
    gen = data["generated"]
    title = (
        f"guidepress benchmark, scale {scale['name']}: {gen['chapters']} chapters, "
        f"{gen['recommendations']} recommendations, {gen['references']} references "
        f"({(gen['yaml_bytes'] + gen['bib_bytes']) / 1e6:.1f} MB source)"
    )
    table = Table(title=title, title_justify="left")
    table.add_column("stage")
    table.add_column("what")
    table.add_column("seconds", justify="right")
    table.add_column("note")
    for name, r in data["stages"].items():
        secs = f"{r['seconds']:.3f}" if r["seconds"] is not None else "–"
        note = r["note"] or (f"best of {r['runs']}" if r["runs"] > 1 else "")
        table.add_row(name, r["label"], secs, note)
    console.print(table)
    if data["ratios"]:
        rt = Table(title="ratios (same run)", title_justify="left")
        rt.add_column("ratio")
        rt.add_column("value", justify="right")
        rt.add_column("target")
        rt.add_column("met")
        for r in data["ratios"]:
            rt.add_row(r["name"], f"{r['value']:.2f}", r["target"], {True: "yes", False: "NO", None: ""}[r["met"]])
        console.print(rt)
    for k, v in data["memory"].items():
        console.print(f"peak memory {k.removesuffix('_mb')}: {v:.0f} MB")
    for k, v in data.get("sizes", {}).items():
        console.print(f"{k.removesuffix('_kb').replace('_', ' ')}: {v:,.0f} kB")
