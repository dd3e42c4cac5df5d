# Two commands do everything on a fresh machine with only Python 3.11 and pip:
#   make report   set up the locked environment, run the main job, print where the output is
#   make test     same environment, full test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)
QUARTER ?= $(shell $(PYTHON) -c "import datetime as d; t=d.date.today(); print(f'{t.year}Q{(t.month-1)//3+1}')")
REPORT_ARGS ?=

.PHONY: setup system-deps report test test-fast lint format benchmark clean-venv

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv
	$(BIN)/uv pip install --quiet --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	@rm -f $(VENV)/.installed-*; touch $@

# Headless Chromium (HTML->PDF and browser checks), poppler (pdftotext) and CJK fonts (Chinese
# document titles in tables) come from Debian.
system-deps:
	@if ! command -v chromium >/dev/null || ! command -v pdftotext >/dev/null || ! fc-list | grep -qi "noto sans cjk"; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-dejavu-core fonts-noto-cjk >/dev/null; \
	  else echo "Please install chromium and poppler-utils (Debian: sudo apt-get install chromium poppler-utils fonts-noto-cjk)"; exit 1; fi; \
	fi

report: setup system-deps
	$(BIN)/lithium-forecast report --quarter $(QUARTER) $(REPORT_ARGS)

test: setup system-deps
	$(BIN)/python -m pytest -q

test-fast: setup
	$(BIN)/python -m pytest -q -m "not slow"

lint: setup
	$(BIN)/ruff check forecasting tests benchmarks
	$(BIN)/ruff format --check forecasting tests benchmarks

format: setup
	$(BIN)/ruff format forecasting tests benchmarks
	$(BIN)/ruff check --fix forecasting tests benchmarks

benchmark: setup
	$(BIN)/python benchmarks/run_all.py

clean-venv:
	rm -rf $(VENV)
