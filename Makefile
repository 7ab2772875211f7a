# ASAN queue: the two commands of the README, and a few helpers.
#   make demo   set up .venv and run the whole centre on this machine
#   make test   set up .venv (and Debian packages when root) and run every test

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
VAR    ?= var
PYTEST_ARGS ?=

.PHONY: demo test lint bench system-deps clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed"; exit 1; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || bash .ci/system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

system-deps:
	@bash .ci/system-deps

demo: system-deps $(STAMP)
	$(BIN)/asan-queue demo --var $(VAR)

test: system-deps $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy kiosk_app server_sync hardware
	$(BIN)/lint-imports

bench: $(STAMP)
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) $(VAR) .pytest_cache .mypy_cache .ruff_cache
