# inquadra: `make lab` to start the kit, `make test` to run every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP_LAB  := $(VENV)/.installed-lab
STAMP_TEST := $(VENV)/.installed-test

.PHONY: lab test notebooks exercises bench site clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP_LAB): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@ $(STAMP_LAB)

lab: $(STAMP_LAB)
	$(BIN)/inquadra lab

NBVAL := --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

test: $(STAMP_TEST)
	$(BIN)/python -m pytest
	$(BIN)/python -m pytest --nbval $(NBVAL) notebooks solutions
	$(BIN)/python -m pytest --nbval-lax $(NBVAL) exercises

notebooks: $(STAMP_TEST)
	$(BIN)/inquadra run-notebooks

exercises: $(STAMP_TEST)
	$(BIN)/inquadra make-exercises

bench: $(STAMP_TEST)
	$(BIN)/python benchmarks/run.py

site: $(STAMP_TEST)
	$(BIN)/inquadra site -o _site

clean:
	rm -rf $(VENV) _site build *.egg-info src/*.egg-info .pytest_cache
