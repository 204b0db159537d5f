# Everyday verbs. `make run` serves the demo on http://127.0.0.1:5000 (SQLite, nothing else
# to install); `make test` installs the test tools and passes the whole suite.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := app
# Test processes (pytest-xdist): one per core; each has its own database. TEST_WORKERS=0 runs
# the suite in this process.
TEST_WORKERS ?= auto

.PHONY: run test lint format translations check-translations bench screenshots install install-dev system-packages clean

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load-if-empty
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install-dev system-packages
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app.py config.py core barometer hearing
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app.py config.py core barometer hearing

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

translations:
	$(BIN)/python scripts/translations.py update
	$(BIN)/python scripts/translations.py compile

check-translations:
	$(BIN)/python scripts/translations.py check

bench: install-dev
	$(BIN)/python -m bench

# PNG pictures of the main pages for the user guide (docs/guide/screens/, git-ignored).
screenshots: install-dev system-packages
	$(BIN)/python scripts/screenshots.py

install: $(VENV)/.installed node_modules/.installed compiled-translations

install-dev: install $(VENV)/.installed-dev

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

compiled-translations: $(VENV)/.installed
	$(BIN)/python scripts/translations.py compile > /dev/null

# Debian's Chromium for the browser tests (never `playwright install`), poppler for PDFs.
system-packages:
	@scripts/ci/system-packages.sh

clean:
	rm -rf $(VENV) node_modules instance/*.sqlite3*
