# dmlog: `make html` builds the site, `make test` runs the tests. Both create the
# virtual environment .venv with the pinned dependencies (requirements.txt) first.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.dmlog-installed
# -W: a warning (a bad record, a broken link) fails the build; --keep-going lists them all.
SPHINXOPTS ?= -W --keep-going

.PHONY: install html handbook test lint check serve bench clean

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

# The virtual environment alone (CI's install step)
install: $(STAMP)

html: $(STAMP)
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html -d _build/doctrees . _build/html

# The tool's own pages (architecture, performance, reliability), apart from the log's site
handbook: $(STAMP)
	$(BIN)/sphinx-build $(SPHINXOPTS) -b html -d _build/handbook-doctrees handbook _build/handbook

# -n: pytest-xdist, one worker per core (TEST_WORKERS=0 runs them in this process)
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# The node tools of package-lock.json (ESLint; axe-core for the browser tests): npm writes
# node_modules/.package-lock.json, so a lock file changed since installs them again.
NODE_TOOLS := node_modules/.package-lock.json
$(NODE_TOOLS): package-lock.json
	@command -v npm >/dev/null || { echo "make lint: ESLint needs Node.js and npm (apt-get install npm)" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

# ruff (lint and import order) and mypy, configured in pyproject.toml; ESLint, configured in
# eslint.config.js, over the site's scripts and their node tests (tests/js).
lint: $(STAMP) $(NODE_TOOLS)
	$(BIN)/ruff check .
	$(BIN)/mypy
	node_modules/.bin/eslint .

check: $(STAMP)
	$(BIN)/dmlog check

serve: html
	@echo "Serving the log on http://localhost:8000/ (Ctrl-C stops)"
	$(BIN)/python -m http.server --directory _build/html 8000

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf _build
