"""guidepress benchmark: time every stage on a synthetic guideline.

    python benchmarks/run.py --scale S            # about a minute; run in CI
    python benchmarks/run.py --scale M --stages check,bare,validate
    python benchmarks/run.py --list

Each stage is a function of the shared ``Bench`` state, timed on its own
(best of ``--repeat`` runs for the quick ones). Ratios are computed from
figures measured in the same run, on the same generated files. Results are
printed as a table and written to benchmarks/out/results-<scale>.json.
Stages whose code has not landed yet are reported as "n/a" with the reason.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import SCALES, Scale, generate  # noqa: E402
from harness import Bench, Result, Unavailable, timed  # noqa: E402
from report import print_report, summary, write_json  # noqa: E402
from stages import GROUPS, STAGES, select  # noqa: E402

OUT = HERE / "out"


# -- running and reporting ---------------------------------------------------


def quiet() -> bool:
    """No progress bars in CI or when output is not a terminal."""
    return bool(os.environ.get("CI")) or not sys.stderr.isatty()


def run(
    scale: Scale,
    stage_names: list[str],
    *,
    seed: int,
    repeat: int,
    keep: Path | None,
    fail_fast: bool = False,
    save: Path | None = None,
) -> dict[str, Any]:
    """Generate the project, time ``stage_names`` in order, return the results.

    With ``save``, the results so far are written there after every stage
    (``"complete": false`` until the last), so a long run stopped half-way
    keeps what it measured.
    """
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    work = Path(tempfile.mkdtemp(prefix=f"guidepress-bench-{scale.name}-"))
    root = keep or work / "project"
    results: dict[str, Result] = {}
    try:
        t0 = time.perf_counter()
        counts = generate(root, scale, seed)
        gen_seconds = time.perf_counter() - t0
        bench = Bench(root, work, scale, counts)
        # auto_refresh=False: no refresh thread, which would also stop `check` from
        # forking (load/background.py forks only a single-threaded process).
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
            disable=quiet(),
            transient=True,
            auto_refresh=False,
        ) as progress:
            task = progress.add_task(f"scale {scale.name}", total=len(stage_names))
            for i, name in enumerate(stage_names):
                stage = STAGES[name]
                progress.update(task, description=f"scale {scale.name}: {name}", refresh=True)
                res = Result(name, stage.label)
                try:
                    fn = stage.fn(bench)
                    res.runs = repeat if stage.quick else 1
                    res.seconds = timed(fn, res.runs)
                except Unavailable as exc:
                    res.note = f"n/a: {exc}"
                except Exception as exc:  # a failing stage is a finding; the other stages still run
                    res.note = f"failed: {type(exc).__name__}: {str(exc).splitlines()[0][:120] if str(exc) else ''}"
                    if fail_fast:
                        raise
                results[name] = res
                if save is not None:
                    write_json(save, summary(bench, seed, gen_seconds, results, complete=i == len(stage_names) - 1))
                progress.advance(task)
                progress.refresh()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return summary(bench, seed, gen_seconds, results, complete=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="S")
    parser.add_argument(
        "--stages",
        default="all",
        help="comma-separated stage names or groups (" + ", ".join(GROUPS) + "); default: all",
    )
    parser.add_argument(
        "--repeat", type=int, default=None, help="runs of each quick stage, best kept (default 5 at S and M, 1 at L)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, default=None, help="generate the project here and keep it")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for results-<scale>.json")
    parser.add_argument("--list", action="store_true", help="list the stages and exit")
    parser.add_argument("--fail-fast", action="store_true", help="stop at the first failing stage (CI)")
    parser.add_argument(
        "--show",
        type=Path,
        default=None,
        metavar="JSON",
        help="print the table of a saved results file (also a partial one) and exit",
    )
    args = parser.parse_args(argv)
    if args.show:
        print_report(json.loads(args.show.read_text("utf-8")))
        return 0
    if args.list:
        for name, stage in STAGES.items():
            print(f"{name:15} {stage.label}")
        for group, names in GROUPS.items():
            print(f"{group:15} group: {', '.join(names)}")
        return 0
    scale = SCALES[args.scale]
    repeat = args.repeat or (1 if scale.name == "L" else 5)
    path = args.out / f"results-{scale.name}.json"
    data = run(
        scale, select(args.stages), seed=args.seed, repeat=repeat, keep=args.keep, fail_fast=args.fail_fast, save=path
    )
    write_json(path, data)
    print_report(data)
    print(f"results: {path}")
    failed = [n for n, r in data["stages"].items() if r["note"].startswith("failed")]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
