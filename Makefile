# Two commands on a fresh machine (Python 3.11+ and make):
#   make lab    set everything up and open JupyterLab at notebooks/00_start_here.ipynb
#   make test   set everything up and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: lab test setup browser geo-source lint benchmark student answer-key wheel clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

lab: setup
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb

browser:
	bash scripts/install_browser.sh

# The pinned Natural Earth input (npm world-atlas) for the geometry reproducibility test, fetched at setup
# time, never by the tests (tests/test_geometry.py then re-derives data/geo from it).
geo-source: setup
	$(BIN)/python scripts/derive_geo.py --fetch-only

test: setup browser geo-source
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: setup
	$(BIN)/ruff check .

benchmark: setup
	$(BIN)/python benchmarks/run_all.py

student: setup
	$(BIN)/korea-notes student notebooks student

answer-key: setup
	$(BIN)/korea-notes answer-key notebooks answer_key

# A wheel of the package with its data inside (pyproject force-includes data/ as korea_notes/data), offline.
wheel: setup
	$(BIN)/python -m build --wheel --no-isolation --outdir dist .

clean:
	rm -rf $(VENV) student answer_key artifacts build dist
