"""Command line: `tariff-timeline run ...` (also `python -m helpers run ...`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from helpers import config, pipeline


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of contract.md's command line."""
    parser = argparse.ArgumentParser(
        prog="tariff-timeline",
        description="Turn news articles on US-China trade into entities, a dated tariff "
        "timeline and plots, by running the project's notebooks in order.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run every stage on a folder of articles")
    run.add_argument(
        "--raw-dir",
        default=str(config.DEFAULT_RAW_DIR),
        help="folder of articles, read recursively (default: the bundled data/raw)",
    )
    run.add_argument(
        "--out-dir",
        default=str(config.default_out_dir()),
        help="where the run writes data/, figures/, notebooks/, html/ "
        "(default: $TARIFF_TIMELINE_OUT or out/ in the project)",
    )
    run.add_argument("--model", default=config.DEFAULT_MODEL, help="spaCy model package or folder")
    run.add_argument("--n-process", type=int, default=1, help="worker processes for NLP stages")
    run.add_argument(
        "--scheduler",
        default="",
        help="address of a Dask scheduler (tcp://host:8786) to run NLP batches on a cluster",
    )
    run.add_argument(
        "--notebooks-dir",
        type=Path,
        default=config.NOTEBOOKS_DIR,
        help="folder of the NN-verb-object.ipynb stage notebooks (default: the project's)",
    )
    refresh = sub.add_parser(
        "refresh-notebooks",
        help="(developers) execute source notebooks in place on the bundled data and clean them",
    )
    refresh.add_argument("notebooks", nargs="*", type=Path, help="default: all of them")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the process exit status."""
    args = build_parser().parse_args(argv)
    if args.command == "refresh-notebooks":
        pipeline.refresh_sources(args.notebooks)
        return 0
    if args.n_process < 1:
        print("error: --n-process must be at least 1", file=sys.stderr)
        return 2
    if not pipeline.model_available(args.model):
        print(
            f"error: spaCy model {args.model!r} is not installed. The default model installs "
            f"with: {config.MODEL_INSTALL_HINT} (make run does this); another model needs its "
            "own package, or pass --model a folder holding a saved spaCy pipeline.",
            file=sys.stderr,
        )
        return 2
    if not Path(args.raw_dir).is_dir():
        print(f"error: --raw-dir {args.raw_dir} is not a folder", file=sys.stderr)
        return 2

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    try:
        result = pipeline.run_pipeline(
            args.raw_dir,
            args.out_dir,
            model=args.model,
            n_process=args.n_process,
            scheduler=args.scheduler,
            notebooks=pipeline.discover_notebooks(args.notebooks_dir),
            log=log,
        )
    except pipeline.StageFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = result.paths.out_dir
    print(
        f"done: {len(result.stages)} stages; tables in {out / 'data'}, "
        f"figures in {out / 'figures'}, report at {out / 'html' / 'index.html'}"
    )
    return 0
