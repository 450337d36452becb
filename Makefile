PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
N ?= 1000

.PHONY: install test index bench corpus profile clean demo

install: $(VENV)/.installed

# A regular (not editable) install: an editable one costs every `search` process about 8 ms
# for setuptools' import finder. Any change to the package reinstalls it; tests import the
# working tree directly (pytest's pythonpath).
SOURCES := $(shell find search -name '*.py' -o -name '*.tsv' -o -name '*.txt')

$(VENV)/.installed: pyproject.toml $(SOURCES)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet '.[test]'
	$(BIN)/python -m compileall -q search bench
	touch $@

test: install
	$(BIN)/python -m pytest

index: install
	$(BIN)/search index

corpus: install
	$(BIN)/python -m bench.generate --n $(N) --out bench-corpus/$(N) --check

bench: install
	$(BIN)/python -m bench.run --n $(N)

profile: install
	$(BIN)/python -m bench.hotspots both --n $(N)

clean:
	rm -rf $(VENV) build *.egg-info

demo: index
	$(BIN)/search query 屋场恳谈会
