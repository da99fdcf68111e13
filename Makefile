# ICATI Desktop developer tasks. Needs only python3 (with venv) and make:
#   make test | lint | fmt | run | bench | translations | package | package-test | clean
# Everything runs from .venv, which `make venv` creates and refreshes when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGE_STAMP := $(VENV)/.installed-package
DIST := dist/icati-desktop
PACKAGE_TEST_ARGS ?= $(shell command -v xvfb-run >/dev/null && echo --xvfb) $(shell command -v strace >/dev/null && echo --strace)
PYTEST_ARGS ?=
# One test process per core (at most four): the suite takes half as long on two cores.
# `make test PYTEST_WORKERS=` runs it in one process.
PYTEST_WORKERS ?= -n auto --maxprocesses=4
ARGS ?=

DOMAIN := icati
POT := translations/$(DOMAIN).pot
PO_FILES := $(wildcard translations/*/LC_MESSAGES/$(DOMAIN).po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: venv run test lint fmt bench screenshots translations mo new-language package package-test clean distclean

venv: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml is newer than the stamp (or the venv is new).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test,dev]'
	touch $@

# PyInstaller is only needed to build the package, so it has its own extra and stamp.
$(PACKAGE_STAMP): pyproject.toml | $(STAMP)
	$(BIN)/python -m pip install --quiet --editable '.[package]'
	touch $@

# Compiled catalogs are build products (git-ignored); rebuild when a .po is newer.
%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile --domain=$(DOMAIN) --input-file=$< --output-file=$@

mo: $(MO_FILES)

run: venv mo
	$(BIN)/icati-desktop $(ARGS)

test: venv mo
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

# Runs every checker, then fails if any failed, so one run shows all problems.
lint: venv
	@status=0; \
	echo '>> ruff check'; $(BIN)/ruff check . || status=1; \
	echo '>> ruff format --check'; $(BIN)/ruff format --check . || status=1; \
	echo '>> mypy icati_desktop bench'; $(BIN)/mypy icati_desktop bench || status=1; \
	echo '>> lint-imports'; $(BIN)/lint-imports || status=1; \
	exit $$status

fmt: venv
	$(BIN)/ruff check --fix-only .
	$(BIN)/ruff format .

# Each bench/*.py (not starting with "_") is a standalone script printing VERDICT lines
# (figure, baseline measured in the same run, ratio, goal, PASS/MISS); it exits 1 on a miss.
# All run, one after the other (never two at once: they time each other otherwise); the
# target fails at the end if any missed. One script: make bench BENCH=bench/bench_startup.py
BENCH ?= $(filter-out bench/_%,$(wildcard bench/*.py))
bench: venv mo
	@missed=; for script in $(BENCH); do \
		echo ">> $$script"; \
		QT_QPA_PLATFORM=offscreen $(BIN)/python "$$script" || missed="$$missed $$script"; \
	done; \
	if [ -n "$$missed" ]; then echo "bench: goals missed in:$$missed"; exit 1; fi

# Remake docs/screenshots/ from the real windows (offscreen) in English, French and Arabic.
screenshots: venv mo
	ICATI_SCREENSHOTS=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -p no:cacheprovider tests/gui/test_screenshots.py

# The field-laptop build: dist/icati-desktop/ holds icati-desktop and icati (packaging/README.md).
package: $(PACKAGE_STAMP) mo
	@start=$$(date +%s); \
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/icati.spec || exit 1; \
	echo "package: $(DIST) built in $$(( $$(date +%s) - start )) s, $$(du -sh $(DIST) | cut -f1)"

# Checks the built folder: --smoke, the icati command, its libraries, install.sh and portable
# mode. --xvfb (smoke on a real X display) and --strace (every file written) are used when
# xvfb-run and strace are installed; CI requires both.
package-test: venv
	$(BIN)/python packaging/check_build.py $(DIST) $(PACKAGE_TEST_ARGS)

# Extract strings into the template, merge it into every language, compile.
# babel.cfg says what is scanned and which calls mark a string (_, N_, ngettext); new or
# changed strings arrive in each .po untranslated (or fuzzy) until a translator fills them in.
translations: venv
	$(BIN)/pybabel extract --mapping-file=babel.cfg --project="ICATI Desktop" \
		--version="$$($(BIN)/python -c 'import icati_desktop; print(icati_desktop.__version__)')" \
		--copyright-holder=ICATI --add-comments=TRANSLATORS: --sort-by-file \
		--output-file=$(POT) icati_desktop ui
	$(if $(PO_FILES),$(BIN)/pybabel update --domain=$(DOMAIN) --input-file=$(POT) \
		--output-dir=translations --ignore-obsolete --previous)
	$(MAKE) mo

# make new-language NEW_LANG=fr
new-language: venv
	@test -n "$(NEW_LANG)" || { echo "usage: make new-language NEW_LANG=fr" >&2; exit 2; }
	$(BIN)/pybabel init --domain=$(DOMAIN) --input-file=$(POT) \
		--output-dir=translations --locale=$(NEW_LANG)
	@echo "Now translate translations/$(NEW_LANG)/LC_MESSAGES/$(DOMAIN).po, add '$(NEW_LANG)'" \
		"to SUPPORTED_LANGUAGES in icati_desktop/i18n.py and run 'make translations'."

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
	find . -path ./$(VENV) -prune -o -name '*.egg-info' -type d -prune -exec rm -rf {} +
	rm -f $(MO_FILES)

distclean: clean
	rm -rf $(VENV)
