# Two entry points that do all set-up on a fresh machine: `make build`, `make test`.
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-stamp
LINTED  := build_tools tests benchmarks scripts

.PHONY: build test check serve bench clean

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test,zensical]'
	touch $(STAMP)

build: $(STAMP)
	scripts/system-deps.sh build
	$(BIN)/guidepress build

test: $(STAMP)
	scripts/system-deps.sh test
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 -q $(PYTEST_ARGS)

check: $(STAMP)
	$(BIN)/guidepress check

serve: $(STAMP)
	$(BIN)/guidepress serve

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --scale S

clean:
	rm -rf site .site.* $(VENV)
