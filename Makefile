# Next Round — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
CHROMIUM ?= /usr/bin/chromium
AXE := .cache/npm/node_modules/axe-core/axe.min.js

.PHONY: run demo test lint format bench install chromium axe-core clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## Start Next Round on http://127.0.0.1:5000 (SQLite + embedded Redis unless DATABASE_URL / REDIS_URL are set).
run: install
	$(BIN)/nextround serve

## The offline demo (README: "Try the demo"): a demo account, sample boards served on loopback by
## the command itself, an alert naming a contact; same instance database as `make run`.
demo: install
	$(BIN)/nextround db upgrade
	$(BIN)/nextround demo

## Browser tests drive Debian's Chromium (never a downloaded browser).
chromium:
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

## The browser tests audit every page with axe-core, from the npm registry (git-ignored .cache/npm).
axe-core: $(AXE)

$(AXE):
	@command -v npm >/dev/null || { echo "npm is missing: the browser tests need it to install axe-core." \
	  "Install Node.js and npm (e.g. apt-get install npm), then run make test again." >&2; exit 1; }
	npm install --no-save --no-audit --no-fund --loglevel=error --prefix .cache/npm axe-core@4

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## ruff + mypy, then the suite on SQLite and (when TEST_DATABASE_URL is set) on PostgreSQL, both
## at once, each with its own Redis database (see tests/run_passes.py).
test: install chromium axe-core lint
	$(BIN)/python -m tests.run_passes

## Benchmarks: figures and ratios printed and written to .bench/results.json.
bench: install
	$(BIN)/python -m tests.bench

clean:
	rm -rf $(VENV) .bench .cache .pytest_cache .mypy_cache .ruff_cache test-artifacts
