"""The papermill runner on small throw-away stage notebooks (not the real stages)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers import cli, config, pipeline

pytestmark = pytest.mark.slow

STAGE_1 = """\
import pandas as pd
from helpers import config, storage
paths = config.resolve_paths(raw_dir, out_dir).ensure()
files = sorted(p.name for p in paths.raw_dir.iterdir())
storage.write_table(pd.DataFrame({"name": files}), paths.table("files"))
"""
STAGE_2 = """\
import os
from helpers import config
paths = config.resolve_paths(raw_dir, out_dir)
if (paths.raw_dir / "KILL").exists():
    os._exit(1)
"""
STAGE_2_CHECK = 'assert not (paths.raw_dir / "FAIL").exists(), "FAIL marker found"'


def write_stage(folder: Path, name: str, *code: str) -> None:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('raw_dir: str = ""  # articles\nout_dir: str = ""  # output')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {name}\n\nA test stage."), params]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in code]
    nb.metadata["kernelspec"] = {
        "name": config.KERNEL_NAME,
        "display_name": "x",
        "language": "python",
    }
    nbformat.write(nb, folder / name)


@pytest.fixture
def project(tmp_path):
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    write_stage(notebooks, "01-list-files.ipynb", STAGE_1)
    write_stage(notebooks, "02-check-files.ipynb", STAGE_2, STAGE_2_CHECK)
    (notebooks / "scratch.ipynb").write_text("not a stage")  # ignored: not NN-verb-object
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text("one")
    (raw / "b.txt").write_text("two")
    return tmp_path


def run(project: Path, **kw):
    return pipeline.run_pipeline(
        project / "raw",
        project / "out",
        notebooks=pipeline.discover_notebooks(project / "notebooks"),
        log=lambda line: None,
        **kw,
    )


def test_discovers_numbered_notebooks_in_order(project):
    names = [p.name for p in pipeline.discover_notebooks(project / "notebooks")]
    assert names == ["01-list-files.ipynb", "02-check-files.ipynb"]


def test_run_executes_stages_in_order_and_writes_every_output(project):
    result = run(project)
    out = project / "out"
    assert [s.notebook for s in result.stages] == ["01-list-files.ipynb", "02-check-files.ipynb"]
    assert pd.read_parquet(out / "data" / "files.parquet")["name"].tolist() == ["a.txt", "b.txt"]
    executed = nbformat.read(out / "notebooks" / "02-check-files.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and str(project / "raw") in injected[0].source
    assert repr(str(out)) in injected[0].source or f'"{out}"' in injected[0].source
    assert pipeline.STAGING not in (out / "notebooks" / "02-check-files.ipynb").read_text()
    assert (out / "html" / "01-list-files.html").exists()
    assert (out / "html" / "index.html").exists()
    assert not (out / pipeline.STAGING).exists()
    assert (
        json.loads((out / "run.json").read_text())["stages"][0]["notebook"] == "01-list-files.ipynb"
    )


def test_two_runs_give_identical_tables(project):
    run(project)
    first = (project / "out" / "data" / "files.parquet").read_bytes()
    run(project)
    assert (project / "out" / "data" / "files.parquet").read_bytes() == first


def test_failing_stage_is_named_and_previous_outputs_stay(project):
    run(project)
    (project / "raw" / "FAIL").write_text("")
    with pytest.raises(pipeline.StageFailed) as err:
        run(project)
    assert err.value.notebook == "02-check-files.ipynb"
    assert err.value.cell == 4
    assert "FAIL marker found" in str(err.value)
    kept = project / "out" / "failed" / "02-check-files.ipynb"
    assert err.value.kept == kept and kept.exists()
    # Stage 01 ran again with the FAIL file present, but only into staging:
    names = pd.read_parquet(project / "out" / "data" / "files.parquet")["name"].tolist()
    assert names == ["a.txt", "b.txt"]


def test_killed_kernel_leaves_previous_tables_intact(project):
    run(project)
    (project / "raw" / "KILL").write_text("")
    with pytest.raises(pipeline.StageFailed) as err:
        run(project)
    assert err.value.notebook == "02-check-files.ipynb"
    names = pd.read_parquet(project / "out" / "data" / "files.parquet")["name"].tolist()
    assert names == ["a.txt", "b.txt"]


def test_cli_exit_status_names_notebook_and_cell(project, capsys):
    (project / "raw" / "FAIL").write_text("")
    args = [
        "run",
        "--raw-dir",
        str(project / "raw"),
        "--out-dir",
        str(project / "out"),
        "--notebooks-dir",
        str(project / "notebooks"),
    ]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "02-check-files.ipynb" in err and "cell 4" in err


def test_cli_missing_model_names_the_install_command(project, capsys):
    args = ["run", "--raw-dir", str(project / "raw"), "--model", "no_such_model_pkg"]
    assert cli.main(args) == 2
    assert config.MODEL_INSTALL_HINT in capsys.readouterr().err


def test_cli_missing_raw_dir_is_a_clear_error(tmp_path, capsys):
    assert cli.main(["run", "--raw-dir", str(tmp_path / "nope")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_kernel_runs_this_environment():
    from jupyter_client.kernelspec import KernelSpecManager

    name = pipeline.ensure_kernel()
    spec = KernelSpecManager().get_kernel_spec(name)
    assert Path(spec.argv[0]).resolve() == Path(sys.executable).resolve()
    assert pipeline.KERNEL_LOG_FLAG in spec.argv


def test_clean_notebook_strips_run_metadata():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"input_path": "/home/x/a.ipynb"}
    nb.metadata["kernelspec"] = {"name": "alice-env", "display_name": "alice"}
    injected = nbformat.v4.new_code_cell('out_dir = "/home/x"')
    injected.metadata["tags"] = ["injected-parameters"]
    cell = nbformat.v4.new_code_cell("1")
    cell.metadata["papermill"] = {"start_time": "2026"}
    cell.metadata["execution"] = {"iopub.execute_input": "2026"}
    nb.cells = [injected, cell]
    clean = pipeline.clean_notebook(nb)
    text = nbformat.writes(clean)
    assert "/home/x" not in text and "alice" not in text and "2026" not in text
    assert clean.metadata["kernelspec"]["name"] == config.KERNEL_NAME
    assert len(clean.cells) == 1
