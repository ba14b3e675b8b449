# The commands the README shows. `make run` sets everything up from a fresh
# clone and serves the demo site; `make test` runs the whole suite.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_PASSWORD ?= admin
export PORT DEMO_PASSWORD

.PHONY: run install migrate demo serve test lint format check-deploy

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

serve: install
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Serving on http://127.0.0.1:$(PORT)/ (admin at /admin/, user admin, password $(DEMO_PASSWORD))"
	$(VENV)/bin/gunicorn cepsite.wsgi --bind 127.0.0.1:$(PORT) --workers 2 \
		--access-logfile - --forwarded-allow-ips "127.0.0.1"

run: demo serve

test: install
	$(VENV)/bin/pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
