# Two entry points that work on a fresh machine with Python >= 3.11 and make:
#   make prove   derive and check the GAN global optimum, print the report
#   make test    lint, unit, property, doctest and notebook tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
THEOREM ?= gan-global-optimum
FORMAT ?= text

.PHONY: prove test lint bench figures clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# The shells here set PYTHONDONTWRITEBYTECODE=1, so an editable install never caches bytecode
# for our own modules: compile them once, or every run pays the compile (about 0.1 s).
$(VENV)/.core-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	$(BIN)/python -m compileall -q symbolic_gan
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m compileall -q symbolic_gan
	touch $@ $(VENV)/.core-installed

prove: $(VENV)/.core-installed
	$(BIN)/python -m compileall -q symbolic_gan
	$(BIN)/symbolic-gan prove $(THEOREM) --format $(FORMAT)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest tests symbolic_gan --nbmake notebooks

bench: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/bench_prove.py
	$(BIN)/python benchmarks/bench_quadrature.py

figures: $(VENV)/.dev-installed
	$(BIN)/python -m symbolic_gan.plots docs/figures

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
