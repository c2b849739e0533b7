# Two entry points that work on a fresh machine with Python >= 3.11 and make:
#   make prove   derive and check the GAN global optimum, print the report
#   make test    lint, unit, property, doctest and notebook tests
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
THEOREM ?= gan-global-optimum
FORMAT ?= text
# pytest workers: the suite runs in parallel (pytest-xdist); `make test PYTEST_WORKERS=0` runs it
# in one process.
PYTEST_WORKERS ?= 2

# Bytecode is written lazily, on first import, for the modules actually imported: some shells set
# PYTHONDONTWRITEBYTECODE=1, which would make every process compile SymPy & co. again, while
# compiling all of site-packages at install time costs more than the tests ever import.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: prove test lint bench figures clean

# Installs go through uv (parallel downloads and unpacking: several times faster than pip); if uv
# cannot be installed, pip does the same job.
$(BIN)/python:
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PYTHON) -m pip --python $(BIN)/python install -q uv 2>/dev/null \
	  || { $(BIN)/python -m ensurepip > /dev/null && $(BIN)/python -m pip install -q uv; } \
	  || echo "uv could not be installed: installing with pip"

# uv does not read pip's configuration: pass on the extra indexes (e.g. local mirrors) that pip is
# configured with here, and choose the best version across all indexes as pip does.
PIP_EXTRA_INDEXES = $(shell $(PYTHON) -m pip config get global.extra-index-url 2>/dev/null)
UV_INDEXES = $(foreach url,$(PIP_EXTRA_INDEXES),--extra-index-url $(url)) \
	--index-strategy unsafe-best-match

INSTALL = if [ -x $(BIN)/uv ]; then $(BIN)/uv pip install -q --python $(BIN)/python \
	$(UV_INDEXES) $(1); \
	else $(BIN)/python -m ensurepip > /dev/null && $(BIN)/python -m pip install -q $(1); fi

$(VENV)/.core-installed: pyproject.toml | $(BIN)/python
	$(call INSTALL,-e .)
	touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(call INSTALL,-e '.[dev]')
	touch $@ $(VENV)/.core-installed

prove: $(VENV)/.core-installed
	$(BIN)/symbolic-gan prove $(THEOREM) --format $(FORMAT)

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/mypy

# One import of what every test process loads, beside mypy: bytecode is written once here rather
# than by each pytest worker at the same time; two processes, one per core (SymPy and the package;
# SciPy, Matplotlib, IPython and Hypothesis), as compiling is most of their time.
export WARM_UP_1 = import symbolic_gan.api, symbolic_gan.numeric
export WARM_UP_2 = import hypothesis, scipy.stats, matplotlib.pyplot, IPython

# mypy (one process, about 16 s cold) runs beside the tests rather than before them, so that both
# cores stay busy; its report is printed, and the target fails, only when it finds something.
# Notebooks first: the longest items start early and the workers finish together (worksteal).
test: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	@echo "mypy runs in the background while the tests run"
	@$(BIN)/mypy > $(VENV)/mypy.log 2>&1 & mypy=$$!; \
	$(BIN)/python -c "$$WARM_UP_1" & warm=$$!; $(BIN)/python -c "$$WARM_UP_2"; wait $$warm; \
	$(BIN)/python -m pytest --nbmake notebooks tests symbolic_gan \
	  -n $(PYTEST_WORKERS) --dist worksteal; tests=$$?; \
	if ! wait $$mypy; then cat $(VENV)/mypy.log; exit 1; fi; exit $$tests

bench: $(VENV)/.dev-installed
	$(BIN)/python benchmarks/bench_prove.py
	$(BIN)/python benchmarks/bench_quadrature.py

figures: $(VENV)/.dev-installed
	$(BIN)/python -m symbolic_gan.plots docs/figures

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache .hypothesis
