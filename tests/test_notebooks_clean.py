"""Source notebooks follow the house conventions and carry nothing machine-specific."""

from __future__ import annotations

import ast
import getpass
import re
import socket

import nbformat
import pytest

from helpers import config, pipeline

NOTEBOOKS = pipeline.discover_notebooks()
MACHINE_PATH = re.compile(r"(?<![\w.])(/(home|root|tmp|work|Users|var/folders)/|[A-Z]:\\\\)")


def problems(nb: nbformat.NotebookNode, raw: str) -> list[str]:
    """Every convention a notebook breaks, as readable sentences."""
    found = []
    if MACHINE_PATH.search(raw) or ".venv/bin" in raw:
        found.append("carries an absolute machine path")
    host = socket.gethostname()
    if len(host) > 3 and host in raw:
        found.append("carries this machine's hostname")
    user = getpass.getuser()
    if user not in {"root", "runner"} and f"/{user}/" in raw:
        found.append("carries the user's name in a path")
    if nb.metadata.get("kernelspec", {}).get("name") != config.KERNEL_NAME:
        found.append("kernelspec is not the project kernel")
    if "papermill" in nb.metadata:
        found.append("carries papermill run metadata")
    first = nb.cells[0] if nb.cells else None
    if not (first and first.cell_type == "markdown" and first.source.lstrip().startswith("# ")):
        found.append("does not open with an H1")
    elif len([ln for ln in first.source.splitlines() if ln.strip()]) < 2:
        found.append("has no purpose paragraph under the H1")
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    if len(params) != 1:
        found.append(f"has {len(params)} parameters cells, not one")
    else:
        tree = ast.parse(params[0].source)
        if not all(isinstance(n, ast.AnnAssign) for n in tree.body):
            found.append("parameters cell holds something other than typed assignments")
        if any("#" not in ln for ln in params[0].source.splitlines() if ln.strip()):
            found.append("a parameter has no comment")
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if any("injected-parameters" in t for t in cell.metadata.get("tags", [])):
            found.append("keeps an injected-parameters cell")
        try:
            tree = ast.parse(re.sub(r"^\s*[%!].*$", "", cell.source, flags=re.M))
        except SyntaxError:
            found.append("has a cell that is not valid Python")
            continue
        if any(isinstance(n, ast.FunctionDef | ast.ClassDef) for n in ast.walk(tree)):
            found.append("defines a function or class (belongs in helpers)")
        if cell.source.strip() and cell.get("execution_count") is None:
            found.append("has an unexecuted code cell (commit notebooks executed)")
    return found


def test_there_are_pipeline_notebooks():
    assert NOTEBOOKS, "no NN-verb-object.ipynb notebooks in notebooks/"
    assert [int(p.name[:2]) for p in NOTEBOOKS] == sorted({int(p.name[:2]) for p in NOTEBOOKS})


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_clean(path):
    raw = path.read_text()
    assert problems(nbformat.reads(raw, as_version=4), raw) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_papermill_sees_every_parameter(path):
    # papermill silently skips a parameter line with a second "=" (e.g. in its comment).
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    declared = {n.target.id for n in ast.parse(cell.source).body if isinstance(n, ast.AnnAssign)}
    assert {"raw_dir", "out_dir"} <= declared
    assert pipeline.notebook_parameters(path) == declared


def _good() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": config.KERNEL_NAME,
        "display_name": "x",
        "language": "python",
    }
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Title\n\nWhat this notebook is for."),
        nbformat.v4.new_code_cell('out_dir: str = ""  # output folder', execution_count=1),
        nbformat.v4.new_code_cell("x = 1", execution_count=2),
    ]
    nb.cells[1].metadata["tags"] = ["parameters"]
    return nb


def test_checker_accepts_a_clean_notebook():
    nb = _good()
    assert problems(nb, nbformat.writes(nb)) == []


@pytest.mark.parametrize(
    "spoil, message",
    [
        (
            lambda nb: nb.cells.append(
                nbformat.v4.new_code_cell("print('/home/ana/out')", execution_count=3)
            ),
            "absolute machine path",
        ),
        (
            lambda nb: nb.cells.append(
                nbformat.v4.new_code_cell("def f():\n    pass", execution_count=3)
            ),
            "defines a function",
        ),
        (lambda nb: nb.metadata.update(kernelspec={"name": "ana-env"}), "kernelspec"),
        (lambda nb: nb.cells[1].metadata.update(tags=[]), "0 parameters cells"),
        (lambda nb: setattr(nb.cells[1], "source", "out_dir = ''"), "typed assignments"),
        (lambda nb: setattr(nb.cells[2], "execution_count", None), "unexecuted"),
    ],
)
def test_checker_catches(spoil, message):
    nb = _good()
    spoil(nb)
    assert any(message in p for p in problems(nb, nbformat.writes(nb)))
