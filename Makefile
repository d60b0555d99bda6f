# `make run` and `make test` are all a new machine needs: each creates .venv itself.
# `make run` installs only what serving needs; `make test` adds the test tools.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check
SERVE_STAMP := $(VENV)/.installed-serve
TEST_STAMP := $(VENV)/.installed-test
PORT ?= 5000
HOST ?= 127.0.0.1

.PHONY: run test bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(SERVE_STAMP): setup.cfg pyproject.toml | $(BIN)/python
	$(PIP) -e .
	touch $(SERVE_STAMP)

$(TEST_STAMP): setup.cfg pyproject.toml | $(BIN)/python
	$(PIP) -e '.[test]'
	touch $(SERVE_STAMP) $(TEST_STAMP)

install: $(SERVE_STAMP)

run: $(SERVE_STAMP)
	INVENTORY_DEMO=1 $(BIN)/inventory init
	INVENTORY_DEMO=1 $(BIN)/inventory demo --if-empty
	INVENTORY_DEMO=1 HOST=$(HOST) PORT=$(PORT) $(BIN)/inventory serve

test: $(TEST_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(TEST_STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) build *.egg-info
