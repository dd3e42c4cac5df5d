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
# document titles in tables) come from Debian. Without root or apt-get (a user account, macOS)
# this prints what to install and carries on: `make report` then builds the HTML without the PDF.
system-deps:
	@if { command -v chromium || command -v chromium-browser || command -v google-chrome; } >/dev/null \
	    && command -v pdftotext >/dev/null && fc-list 2>/dev/null | grep -qi "noto sans cjk"; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils fonts-dejavu-core fonts-noto-cjk >/dev/null; \
	else \
	  echo "note: Chromium, pdftotext or the Noto CJK fonts are missing and cannot be installed here"; \
	  echo "      (needs root and apt-get). Without Chromium the report is HTML only (no report.pdf)"; \
	  echo "      and the browser tests are skipped. To install them:"; \
	  echo "        Debian/Ubuntu: sudo apt-get install chromium poppler-utils fonts-noto-cjk"; \
	  echo "        macOS:         brew install --cask chromium && brew install poppler"; \
	fi

# --no-pdf when no Chromium is found (and the report command offers the flag).
NO_PDF = $(if $(shell command -v chromium || command -v chromium-browser || command -v google-chrome),,$(shell $(BIN)/lithium-forecast report --help 2>/dev/null | grep -q -- --no-pdf && echo --no-pdf))

report: setup system-deps
	$(BIN)/lithium-forecast report --quarter $(QUARTER) $(NO_PDF) $(REPORT_ARGS)

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
