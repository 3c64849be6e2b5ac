# tariff-timeline: `make run` and `make test` each set everything up on a fresh clone.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RAW_DIR ?= data/raw
OUT_DIR ?= out
N_PROCESS ?= 1
# nbval runs the source notebooks against a scratch output folder, never your out/.
NBVAL_OUT := build/nbval-out

.PHONY: help setup run test lint unit nbval lab benchmark refresh-notebooks readme-figure clean

help: ## Show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-18s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -c "from helpers.pipeline import ensure_kernel; ensure_kernel()"
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv, install the project and register its Jupyter kernel

run: $(STAMP) ## Run the pipeline on $(RAW_DIR) into $(OUT_DIR) (override: make run RAW_DIR=... OUT_DIR=...)
	$(BIN)/tariff-timeline run --raw-dir $(RAW_DIR) --out-dir $(OUT_DIR) --n-process $(N_PROCESS)

lint: $(STAMP) ## Ruff lint of the package, tests and benchmarks
	$(BIN)/ruff check src tests benchmarks

unit: $(STAMP) ## Pytest unit tests of the helpers
	$(BIN)/pytest tests

nbval: $(STAMP) ## nbval regression tests of the source notebooks
	rm -rf $(NBVAL_OUT) && mkdir -p $(NBVAL_OUT)
	TARIFF_TIMELINE_OUT=$(abspath $(NBVAL_OUT)) $(BIN)/pytest --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider notebooks

test: lint unit nbval ## Set up, then ruff, pytest and nbval

lab: $(STAMP) ## Open JupyterLab on the project kernel
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

benchmark: $(STAMP) ## Run every benchmark script (prints figures; slow)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

refresh-notebooks: $(STAMP) ## Re-execute the source notebooks on the bundled data (after changing them)
	$(BIN)/tariff-timeline refresh-notebooks

readme-figure: run ## Copy the main figure of a run on the bundled data into docs/ for the README
	mkdir -p docs/figures && cp $(OUT_DIR)/figures/tariff-timeline.png docs/figures/tariff-timeline.png

clean: ## Remove outputs, caches and the virtual environment
	rm -rf $(OUT_DIR) build $(VENV) .pytest_cache .ruff_cache src/*.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
