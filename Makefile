# ICATI Desktop developer tasks. Needs only python3 (with venv) and make:
#   make test | lint | fmt | run | bench | translations | clean
# Everything runs from .venv, which `make venv` creates and refreshes when pyproject.toml changes.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_ARGS ?=
ARGS ?=

DOMAIN := icati
POT := translations/$(DOMAIN).pot
PO_FILES := $(wildcard translations/*/LC_MESSAGES/$(DOMAIN).po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: venv run test lint fmt bench screenshots translations mo new-language clean distclean

venv: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml is newer than the stamp (or the venv is new).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test,dev]'
	touch $@

# Compiled catalogs are build products (git-ignored); rebuild when a .po is newer.
%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile --domain=$(DOMAIN) --input-file=$< --output-file=$@

mo: $(MO_FILES)

run: venv mo
	$(BIN)/icati-desktop $(ARGS)

test: venv mo
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

# Runs every checker, then fails if any failed, so one run shows all problems.
lint: venv
	@status=0; \
	echo '>> ruff check'; $(BIN)/ruff check . || status=1; \
	echo '>> ruff format --check'; $(BIN)/ruff format --check . || status=1; \
	echo '>> mypy icati_desktop'; $(BIN)/mypy icati_desktop || status=1; \
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
