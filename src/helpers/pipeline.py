"""Run the numbered notebooks in order with papermill, and keep the source notebooks clean."""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from helpers import config, storage

NOTEBOOK_NAME = re.compile(r"^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*\.ipynb$")
# The folders one run owns; each is swapped in whole once every stage has succeeded.
RUN_FOLDERS = ("data", "figures", "notebooks", "html")
STAGING = ".run-in-progress"
FAILED = "failed"
# Parameters the runner offers every notebook; each notebook receives those it declares.
RUN_PARAMETERS = ("raw_dir", "out_dir", "model", "n_process", "scheduler")
KERNEL_DISPLAY_NAME = "Python (tariff-timeline)"


class StageFailed(RuntimeError):
    """A notebook raised: names the notebook, the cell and where the executed copy is kept."""

    def __init__(self, notebook: str, cell: int | None, error: str, kept: Path | None):
        self.notebook, self.cell, self.error, self.kept = notebook, cell, error, kept
        where = f"cell {cell}" if cell is not None else "before its first cell ran"
        msg = f"stage {notebook} failed in {where}: {error}"
        if kept is not None:
            msg += f"\nThe executed notebook is kept for inspection at {kept}"
        super().__init__(msg)


@dataclass
class StageResult:
    """One executed notebook."""

    notebook: str
    seconds: float


@dataclass
class RunResult:
    """What `run_pipeline` produced."""

    paths: config.RunPaths
    stages: list[StageResult] = field(default_factory=list)


def discover_notebooks(folder: str | os.PathLike = config.NOTEBOOKS_DIR) -> list[Path]:
    """The pipeline's notebooks (``NN-verb-object.ipynb``) in run order."""
    return sorted(p for p in Path(folder).glob("*.ipynb") if NOTEBOOK_NAME.match(p.name))


def model_available(model: str) -> bool:
    """Whether a spaCy model name (installed package) or folder can be loaded."""
    return Path(model).is_dir() or importlib.util.find_spec(model) is not None


# The kernel's own start-up warnings (e.g. on its loopback TCP transport) are noise in a
# headless run; errors and everything the notebook cells print still show.
KERNEL_LOG_FLAG = "--IPKernelApp.log_level=ERROR"


def ensure_kernel() -> str:
    """Register (or repair) the Jupyter kernel that runs this very Python environment."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        spec = KernelSpecManager().get_kernel_spec(config.KERNEL_NAME)
        if (
            spec.argv
            and Path(spec.argv[0]).resolve() == Path(sys.executable).resolve()
            and KERNEL_LOG_FLAG in spec.argv
        ):
            return config.KERNEL_NAME
    except NoSuchKernel:
        pass
    from ipykernel.kernelspec import install

    # In this environment's prefix, so it never shadows or touches a user's own kernels.
    folder = install(
        kernel_name=config.KERNEL_NAME, display_name=KERNEL_DISPLAY_NAME, prefix=sys.prefix
    )
    spec_file = Path(folder) / "kernel.json"
    spec_json = json.loads(spec_file.read_text())
    spec_json["argv"].append(KERNEL_LOG_FLAG)
    storage.atomic_write_text(spec_file, json.dumps(spec_json, indent=1))
    return config.KERNEL_NAME


def notebook_parameters(path: str | os.PathLike) -> set[str]:
    """Names declared in a notebook's `parameters` cell."""
    import papermill

    return set(papermill.inspect_notebook(str(path)))


def execute_notebook(
    src: Path, dst: Path, parameters: dict[str, Any] | None, cwd: Path, kernel: str
) -> None:
    """Execute one notebook with papermill; raise StageFailed naming the failing cell."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(src),
            str(dst),
            parameters=parameters or None,
            kernel_name=kernel,
            cwd=str(cwd),
            progress_bar=False,
            log_output=False,
        )
    except PapermillExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}".strip()
        raise StageFailed(src.name, _source_cell_number(dst, exc), error, dst) from exc
    except Exception as exc:  # a dead kernel, a timeout, an unreadable notebook
        raise StageFailed(src.name, None, f"{type(exc).__name__}: {exc}", dst) from exc


def _source_cell_number(executed: Path, exc: Any) -> int:
    """1-based number of the failing cell in the source notebook (papermill adds a cell)."""
    index = exc.cell_index
    with contextlib.suppress(OSError, ValueError):
        cells = nbformat.read(executed, as_version=4).cells
        injected = [
            i for i, c in enumerate(cells) if "injected-parameters" in c.metadata.get("tags", [])
        ]
        if injected and injected[0] < index:
            index -= 1
    return index + 1


@contextlib.contextmanager
def _run_lock(out_dir: Path) -> Iterator[None]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / ".lock", "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RuntimeError(f"another run is writing to {out_dir}; wait for it to end") from None
        yield


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Replace each run folder of out_dir by the staged one (each rename is atomic)."""
    for name in RUN_FOLDERS:
        new, old, trash = staging / name, out_dir / name, out_dir / f".{name}.old"
        if not new.exists():
            continue
        shutil.rmtree(trash, ignore_errors=True)
        if old.exists():
            old.rename(trash)
        new.rename(old)
        shutil.rmtree(trash, ignore_errors=True)


def run_pipeline(
    raw_dir: str | os.PathLike = "",
    out_dir: str | os.PathLike = "",
    *,
    model: str = config.DEFAULT_MODEL,
    n_process: int = 1,
    scheduler: str = "",
    notebooks: list[Path] | None = None,
    log: Callable[[str], None] = print,
) -> RunResult:
    """Execute every stage notebook into a staging folder, then swap the results into place."""
    paths = config.resolve_paths(raw_dir, out_dir)
    if not paths.raw_dir.is_dir():
        raise FileNotFoundError(f"--raw-dir {paths.raw_dir} is not a folder of articles")
    notebooks = notebooks if notebooks is not None else discover_notebooks()
    if not notebooks:
        raise FileNotFoundError(f"no NN-*.ipynb notebooks found in {config.NOTEBOOKS_DIR}")
    kernel = ensure_kernel()
    result = RunResult(paths=paths)

    with _run_lock(paths.out_dir):
        staging_root = paths.out_dir / STAGING
        shutil.rmtree(staging_root, ignore_errors=True)
        staged = config.RunPaths(paths.raw_dir, staging_root).ensure()
        # The per-article cache outlives runs (that is what makes reruns incremental).
        staged.cache.rmdir()
        paths.cache.mkdir(parents=True, exist_ok=True)
        staged.cache.symlink_to(paths.cache, target_is_directory=True)
        offered = {
            "raw_dir": str(paths.raw_dir),
            "out_dir": str(staging_root),
            "model": model,
            "n_process": n_process,
            "scheduler": scheduler,
        }
        total = len(notebooks)
        for i, nb in enumerate(notebooks, 1):
            log(f"[{i}/{total}] {nb.name} ...")
            declared = notebook_parameters(nb)
            params = {k: v for k, v in offered.items() if k in declared}
            dst = staged.notebooks / nb.name
            start = time.perf_counter()
            try:
                execute_notebook(nb, dst, params, staging_root, kernel)
            except StageFailed as exc:
                kept = paths.out_dir / FAILED / nb.name
                kept.parent.mkdir(parents=True, exist_ok=True)
                if dst.exists():
                    shutil.copy2(dst, kept)
                exc.kept = kept if kept.exists() else None
                raise StageFailed(exc.notebook, exc.cell, exc.error, exc.kept) from exc
            seconds = time.perf_counter() - start
            result.stages.append(StageResult(nb.name, seconds))
            log(f"[{i}/{total}] {nb.name} done in {seconds:.1f} s")

        # The staged folders become the real ones, so the executed notebooks (and their HTML)
        # should name the output folder a reader will find, not the staging folder.
        for executed in staged.notebooks.glob("*.ipynb"):
            text = executed.read_text(encoding="utf-8")
            staging_text = json.dumps(str(staging_root))[1:-1]
            final_text = json.dumps(str(paths.out_dir))[1:-1]
            storage.atomic_write_text(executed, text.replace(staging_text, final_text))
        log("rendering the HTML report ...")
        from helpers import report

        report.build_report(staged)
        _swap_in(staging_root, paths.out_dir)
        shutil.rmtree(staging_root, ignore_errors=True)
        shutil.rmtree(paths.out_dir / FAILED, ignore_errors=True)
        manifest = {
            "raw_dir": str(paths.raw_dir),
            "model": model,
            "n_process": n_process,
            "scheduler": scheduler,
            "stages": [
                {"notebook": s.notebook, "seconds": round(s.seconds, 2)} for s in result.stages
            ],
        }
        storage.atomic_write_text(paths.out_dir / "run.json", json.dumps(manifest, indent=2))
    return result


def clean_notebook(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Strip what is machine- or run-specific from an executed source notebook."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = {
        "name": config.KERNEL_NAME,
        "display_name": KERNEL_DISPLAY_NAME,
        "language": "python",
    }
    lang = nb.metadata.get("language_info", {})
    nb.metadata["language_info"] = {"name": lang.get("name", "python")}
    kept = []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            continue
        for key in ("papermill", "execution", "ExecuteTime", "collapsed", "scrolled"):
            cell.metadata.pop(key, None)
        kept.append(cell)
    nb.cells = kept
    return nb


def refresh_sources(targets: list[Path], log: Callable[[str], None] = print) -> None:
    """Execute source notebooks in place on the bundled data (earlier stages first); clean them."""
    every = discover_notebooks()
    targets = [Path(t).resolve() for t in targets] or every
    unknown = [t for t in targets if t not in {p.resolve() for p in every}]
    if unknown:
        raise FileNotFoundError(f"not a pipeline notebook: {', '.join(map(str, unknown))}")
    last = max(every.index(next(p for p in every if p.resolve() == t)) for t in targets)
    kernel = ensure_kernel()
    with tempfile.TemporaryDirectory(prefix="tt-refresh-") as tmp:
        old = os.environ.get("TARIFF_TIMELINE_OUT")
        # Defaults ("" parameters) then point at the scratch folder, and the source notebooks
        # keep their plain parameter cells: nothing from this machine is injected.
        os.environ["TARIFF_TIMELINE_OUT"] = tmp
        try:
            for nb in every[: last + 1]:
                dst = Path(tmp) / "executed" / nb.name
                dst.parent.mkdir(parents=True, exist_ok=True)
                log(f"executing {nb.name}")
                execute_notebook(nb, dst, None, config.NOTEBOOKS_DIR, kernel)
                if nb.resolve() in targets:
                    executed = clean_notebook(nbformat.read(dst, as_version=4))
                    storage.atomic_write_text(nb, nbformat.writes(executed) + "\n")
                    log(f"refreshed {config.display_path(nb)}")
        finally:
            if old is None:
                os.environ.pop("TARIFF_TIMELINE_OUT", None)
            else:
                os.environ["TARIFF_TIMELINE_OUT"] = old
