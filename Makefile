# The two commands at the top of the README: `make serve` and `make test`.
# Both set up everything they need on a fresh machine (a virtualenv with pinned packages;
# for tests, a Chromium for Playwright).

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export NO_MKDOCS_2_WARNING := 1

.PHONY: install serve preview build check hooks test lint lock clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed

## Build the reference help center and serve it with live reload on http://127.0.0.1:$(PORT)/
serve: install
	$(PY) -m mkdocs serve --strict -a 127.0.0.1:$(PORT)

## Build with --strict and serve site/ as production would (each language's own 404 page)
preview: build
	$(VENV)/bin/helpcenter serve-site site --port $(PORT)

build: install
	$(PY) -m mkdocs build --strict

## Check the content without building: schema, translations, stale entries, facts that differ
## between languages, broken links, near-duplicate questions, call-reason codes
check: install
	$(VENV)/bin/helpcenter check

## Run the same checks before every commit (pre-commit: yamllint, JSON Schemas, helpcenter check)
hooks: install
	$(VENV)/bin/pre-commit install

## Install what the tests need (packages, a Chromium) and run every test, browser tests included
test: install
	$(PY) scripts/ensure_chromium.py
	$(PY) -m ruff check src tests scripts benchmarks
	$(PY) -m ruff format --check src tests scripts benchmarks
	$(PY) -m pytest

lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[test]'
	{ echo "# Exact versions for a reproducible install: pip install -c constraints.txt -e '.[test]'"; \
	  echo "# Regenerate after changing dependencies in pyproject.toml: make lock"; \
	  .lock-venv/bin/pip freeze --exclude-editable; } > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf site $(VENV) .pytest_cache .ruff_cache
