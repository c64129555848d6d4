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

# The web front's English texts (services/web/locale, docs/translations.md): extract the marked
# Swedish texts, merge them into the English catalogue, compile the .mo that pages load. Run
# after changing texts, fill in the empty msgstr lines, run again, commit .po and .mo.
.PHONY: i18n i18n-import
WEB_LOCALE := services/web/locale
i18n: $(VENV)/.installed-dev
	cd services/web && $(CURDIR)/$(BIN)/pybabel extract -F babel.cfg -k N_ -k ngettext:1,2 \
		--no-location --sort-output --omit-header -o locale/messages.pot .
	$(BIN)/pybabel update -i $(WEB_LOCALE)/messages.pot -d $(WEB_LOCALE) -l en -w 100 \
		--no-fuzzy-matching --ignore-obsolete
	$(BIN)/pybabel compile -d $(WEB_LOCALE) -l en --statistics

# Texts another branch added the old way (services/web/messages_en.json) go into the catalogue.
i18n-import: $(VENV)/.installed-dev
	$(BIN)/python -m services.web.catalogue import-json
	$(MAKE) i18n
