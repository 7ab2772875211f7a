# ASAN queue: the two commands of the README, and a few helpers.
#   make demo   set up .venv and run the whole centre on this machine
#   make test   set up .venv (and Debian packages when root) and run every test
#   make test-core  every test that needs no Qt, in .venv-core where PySide6 is not installed

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
CORE_VENV  ?= .venv-core
CORE_STAMP := $(CORE_VENV)/.installed-stamp
VAR    ?= var
PYTEST_ARGS ?=

.PHONY: demo test test-core lint bench i18n system-deps clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is needed"; exit 1; }
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || bash .ci/system-deps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $(STAMP)

$(CORE_STAMP): pyproject.toml
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || bash .ci/system-deps
	$(PYTHON) -m venv $(CORE_VENV)
	$(CORE_VENV)/bin/pip install -q --upgrade pip
	$(CORE_VENV)/bin/pip install -q -e '.[test]'
	@touch $(CORE_STAMP)

system-deps:
	@bash .ci/system-deps

demo: system-deps $(STAMP)
	$(BIN)/asan-queue demo --var $(VAR) $(DEMO_ARGS)

test: system-deps $(STAMP)
	$(BIN)/python -m pytest -n auto $(PYTEST_ARGS)

test-core: system-deps $(CORE_STAMP)
	@$(CORE_VENV)/bin/python -c 'import importlib.util as u, sys; sys.exit(u.find_spec("PySide6") is not None)' \
		|| { echo "PySide6 is installed in $(CORE_VENV): the core run must prove it is not needed"; exit 1; }
	$(CORE_VENV)/bin/python -m pytest -n auto -m "not gui" $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy kiosk_app server_sync hardware
	$(BIN)/lint-imports

# Texts: extract every message id from code and templates, bring the az/ru/en catalogues
# in step (new ids come in empty, ids no code uses go), compile the .mo files.
LOCALE   := assets/locale
KEYWORDS := -k _ -k gettext -k ngettext:1,2 -k N_ -k tr -k plural:1,2
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-default-keywords $(KEYWORDS) --sort-output \
		--no-location --width 100 --project asan-queue --version 0.1 --copyright-holder 'ASAN queue' -o $(LOCALE)/asanq.pot .
	$(BIN)/pybabel update -i $(LOCALE)/asanq.pot -d $(LOCALE) -D asanq --no-fuzzy-matching \
		--ignore-obsolete --width 100
	$(BIN)/pybabel compile -d $(LOCALE) -D asanq --statistics
	$(BIN)/pyside6-lrelease -silent $(LOCALE)/qt/qtbase_az.ts -qm $(LOCALE)/qt/qtbase_az.qm

bench: $(STAMP)
	@for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) $(CORE_VENV) $(VAR) .pytest_cache .mypy_cache .ruff_cache
