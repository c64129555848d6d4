# Two commands for a newcomer: `make run` and `make test`. Each installs what it needs into
# .venv (created on first use, refreshed when pyproject.toml changes).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/medborgarbudget run

# Replays a real election (pabulib .pb) through the system `make run` started in another
# terminal; `make demo FILE=../shared/pabulib/X.pb ARGS="--clients 64"` picks another.
.PHONY: demo
demo: $(VENV)/.installed-run
	$(BIN)/medborgarbudget demo $(FILE) $(ARGS)

# Three processes on two cores: the end-to-end tests mostly wait, in two lanes (tests/conftest.py).
PYTEST_WORKERS ?= 3

test: $(VENV)/.installed-dev
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

check: lint test

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
