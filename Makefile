# inquadra: `make lab` to start the kit, `make test` to run every test.
#
# Two environments: .venv has the kit alone (what students use: JupyterLab without
# nbgrader's menus); .venv-test has the kit plus the test tools (pytest, nbgrader,
# JupyterHub, Playwright...).
PYTHON ?= python3
PORT   ?=
EDITION ?=
VENV   := .venv
BIN    := $(VENV)/bin
TVENV  := .venv-test
TBIN   := $(TVENV)/bin
STAMP_LAB  := $(VENV)/.installed-lab
STAMP_TEST := $(TVENV)/.installed-test

.PHONY: lab test test-hub notebooks exercises bench bench-hub site clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(TBIN)/python:
	$(PYTHON) -m venv $(TVENV)
	$(TBIN)/python -m pip install --quiet --upgrade pip

$(STAMP_LAB): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(STAMP_TEST): pyproject.toml | $(TBIN)/python
	$(TBIN)/python -m pip install --quiet -e ".[test]"
	touch $@

# make lab PORT=8890 to choose the port; without PORT, 8888 or a free one.
# make lab EDITION=it opens the Italian edition of the lessons.
lab: $(STAMP_LAB)
	$(BIN)/inquadra lab $(if $(PORT),--port $(PORT)) $(if $(EDITION),--lang $(EDITION))

NBVAL := --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

test: $(STAMP_TEST)
	$(TBIN)/python -m pytest
	$(TBIN)/python -m pytest --nbval $(NBVAL) notebooks solutions
	$(TBIN)/python -m pytest --nbval-lax $(NBVAL) exercises

test-hub: $(STAMP_TEST)
	$(TBIN)/python -m pytest tests/hub

# the editions of every lesson (notebooks/<lang>/, solutions/<lang>/, exercises/<lang>/) from lessons/,
# then every lesson and solution re-executed with its outputs saved
notebooks: $(STAMP_TEST)
	$(TBIN)/inquadra make-lessons
	$(TBIN)/inquadra run-notebooks notebooks solutions

exercises: $(STAMP_TEST)
	$(TBIN)/inquadra make-lessons

bench: $(STAMP_TEST)
	$(TBIN)/python benchmarks/run.py

# 30 simulated students on a real JupyterHub; figures go to benchmarks/RESULTS.md
bench-hub: $(STAMP_TEST)
	$(TBIN)/python benchmarks/hub.py

# the reading edition, and the printable worksheets and answer keys in _site/print/
site: $(STAMP_TEST)
	$(TBIN)/inquadra site --print -o _site

clean:
	rm -rf $(VENV) $(TVENV) _site build *.egg-info src/*.egg-info .pytest_cache
