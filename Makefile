# Every target uses the project's own virtual environment (.venv), created on first use.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup generate check-generated test demo api-diff check-upstream bench typecheck

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,testing]'
	touch $(STAMP)

generate: setup
	$(PY) scripts/generate.py

check-generated: setup
	$(PY) scripts/generate.py --check

typecheck: setup
	$(PY) -m mypy --strict facade/hubspot_channels

test: check-generated typecheck
	$(PY) -m pytest

demo: setup
	$(PY) scripts/demo.py
