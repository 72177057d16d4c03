# One place for the project's commands. `make run` and `make test` work on a fresh machine
# with Python 3.11+ (venv) and make; everything else they install themselves.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501

.PHONY: run test lint test-fast data kolada-snapshot check browser clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

## Set up and start the app on its bundled data (http://localhost:$(PORT)).
run: $(VENV)/.installed
	$(BIN)/python -m barnbaro.ui.serve --server.port $(PORT)

## Set up and run every test, browser tests included (installs Chromium if it is missing),
## after the lint and the format check (ruff; rules in pyproject.toml).
test: $(VENV)/.installed-dev browser lint
	$(BIN)/python -m pytest

## ruff: the rule set and the format, as make test checks them.
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Only the tests that need no browser.
test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m "not browser"

## Find a Chromium for the browser tests, installing one if none is there.
browser: $(VENV)/.installed-dev
	$(BIN)/python -m tests.browser.chromium --ensure

## Rebuild the bundled sample data: raw exports, clean tables, and the check.
data: $(VENV)/.installed
	$(BIN)/python -m barnbaro sample --out data/raw
	$(BIN)/python -m barnbaro clean --raw data/raw --out data/clean
	$(BIN)/python -m barnbaro check --data data/clean
	$(BIN)/python -m barnbaro static

## Rebuild the bundled Kolada snapshot from the trimmed open-numbers copy (no internet).
kolada-snapshot: $(VENV)/.installed
	$(BIN)/python -m barnbaro kolada import-ddf data/kolada/ddf

check: $(VENV)/.installed
	$(BIN)/python -m barnbaro check --data data/clean

clean-venv:
	rm -rf $(VENV)
