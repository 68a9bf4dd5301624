# Two commands on a fresh machine (Python 3.11+ and make):
#   make lab    set everything up and open JupyterLab at notebooks/00_start_here.ipynb
#   make test   set everything up and run the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HASH := $(shell cat pyproject.toml | cksum | cut -d' ' -f1)
# Two stamps: what the notebooks need (make lab), and the test tools on top (make test).
RUNTIME_STAMP := $(VENV)/.installed-runtime-$(HASH)
TEST_STAMP := $(VENV)/.installed-test-$(HASH)
SITE_STAMP := $(VENV)/.installed-site-$(HASH)

.PHONY: lab lab-ko test setup setup-runtime setup-test browser geo-source lint benchmark student student-release \
	answer-key wheel site handouts clean

$(RUNTIME_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e .
	touch $(RUNTIME_STAMP)

$(TEST_STAMP): $(RUNTIME_STAMP)
	$(BIN)/python -m pip install -e ".[test]"
	touch $(TEST_STAMP)

$(SITE_STAMP): $(RUNTIME_STAMP)
	$(BIN)/python -m pip install -e ".[site]"
	touch $(SITE_STAMP)

setup-runtime: $(RUNTIME_STAMP)

setup-test: $(TEST_STAMP)

setup: setup-test

ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

# The file browser starts at the repository's top folder (data/, docs/ in reach); the start notebook opens.
lab: setup-runtime
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. notebooks/00_start_here.ipynb

# 한국어판: the same, opening the Korean edition's start notebook (and a Korean font for the charts, where it can).
lab-ko: setup-runtime
	bash scripts/install_fonts.sh
	$(BIN)/jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=. notebooks/ko/00_start_here.ipynb

browser:
	bash scripts/install_browser.sh

# The pinned Natural Earth input (npm world-atlas) for the geometry reproducibility test, fetched at setup
# time, never by the tests (tests/test_geometry.py then re-derives data/geo from it).
geo-source: setup-test
	$(BIN)/python scripts/derive_geo.py --fetch-only

test: setup-test browser geo-source
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: setup-test
	$(BIN)/ruff check .

benchmark: setup-test
	$(BIN)/python benchmarks/run_all.py

student: setup-runtime
	$(BIN)/korea-notes student notebooks student

# The student release (notebooks without solutions, data, package) in build/student-release; to publish it,
# commit it to the student branch as well: korea-notes release-student build/student-release --branch student
student-release: setup-runtime
	$(BIN)/korea-notes release-student build/student-release

answer-key: setup-runtime
	$(BIN)/korea-notes answer-key notebooks answer_key

# A wheel of the package with its data inside (pyproject force-includes data/ as korea_notes/data), offline.
wheel: setup-test
	$(BIN)/python -m build --wheel --no-isolation --outdir dist .

# The website (Jupyter Book of the student edition, offline; English at the top, Korean in ko/) and the A4
# handouts (chromium; English in build/handouts, Korean in build/handouts/ko); both execute the notebooks once
# through the package's runner and share the cache in build/cache (the Korean edition's in build/cache/ko).
site: $(SITE_STAMP)
	$(BIN)/korea-notes site build/site

handouts: $(SITE_STAMP) browser
	$(BIN)/korea-notes handouts build/handouts

clean:
	rm -rf $(VENV) student answer_key artifacts build dist
