# The commands the README shows. `make run` sets everything up from a fresh
# clone and serves the demo site; `make test` runs the whole suite.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_PASSWORD ?= local-trial-only
export PORT DEMO_PASSWORD

.PHONY: run install browser-deps bench-deps migrate demo serve test test-fast screenshots \
	bench bench-search lighthouse lint format

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# The browser tests need Chromium, and axe-core and the Nu HTML Checker from
# npm (Java runs the checker). The Chromium is the machine's ($CHROMIUM_PATH,
# or chromium on PATH), else one Playwright downloads for itself, which needs
# no root; only where that fails (no network, or libraries missing that it
# cannot launch without) is Debian's installed, which needs root.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

PLAYWRIGHT_LAUNCHES := $(PY) -c "from playwright.sync_api import sync_playwright as s; \
	p = s().start(); p.chromium.launch().close(); p.stop()"

browser-deps: install node_modules/.installed
	@if [ -n "$$CHROMIUM_PATH" ] || command -v chromium >/dev/null \
		|| command -v chromium-browser >/dev/null; then :; \
	elif $(PY) -m playwright install --only-shell chromium && $(PLAYWRIGHT_LAUNCHES) 2>/dev/null; then \
		echo "The browser tests use Playwright's own Chromium"; \
	else \
		echo "Installing Debian's Chromium for the browser tests (apt, needs root)"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null \
		|| { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }; \
	fi

# The page benchmark drives load with wrk (Debian package).
bench-deps:
	@command -v wrk >/dev/null || { \
		echo "Installing wrk for the benchmarks (apt)"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk >/dev/null \
		|| { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }; }

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo
	@# The demo's images are put in storage directly: give them their sizes.
	$(PY) manage.py make_renditions

serve: install
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Serving on http://127.0.0.1:$(PORT)/ (admin at /admin/, user admin, password $(DEMO_PASSWORD) unless the account existed before)"
	@# Without REDIS_URL the cache is on disk (.pagecache/), shared with any
	@# command run beside the server, so an edit anywhere refreshes its pages.
	$(VENV)/bin/gunicorn cepsite.wsgi --bind 127.0.0.1:$(PORT) --workers 1 --threads 4 \
		--access-logfile - --forwarded-allow-ips "127.0.0.1"

run: demo serve

test: install browser-deps bench-deps
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Everything but the browser tests.
test-fast: install
	$(VENV)/bin/pytest -m "not e2e" $(PYTEST_ARGS)

# Screenshots of every public page at desktop and phone widths, against the
# demo content, in ./screenshots.
screenshots: install browser-deps
	$(VENV)/bin/pytest tests/e2e/test_reader_pages.py -k accessibility $(PYTEST_ARGS)
	@echo "Screenshots are in ./screenshots"

# Pages under load: production settings, gunicorn, PostgreSQL and Redis, a
# generated archive, wrk against the floor. See docs/performance.md.
bench: install bench-deps
	$(PY) -m bench.run $(BENCH_ARGS)

# Search at a million quotes, in its own PostgreSQL database (created if
# missing, migrated, its content replaced).
BENCH_SEARCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/cep_bench_search
bench-search: install
	DATABASE_URL=$(BENCH_SEARCH_DATABASE_URL) $(PY) -m bench.search --replace $(BENCH_ARGS)

# Lighthouse (mobile) on the home page, a press release and a resource page,
# against gunicorn with production settings; prints each page's layout shift.
# Needs Lighthouse from npm (npm i -E lighthouse@12.2.3) and Debian's chromium;
# not run by CI, which has no network for npm.
LIGHTHOUSE ?= lighthouse
lighthouse: install
	LIGHTHOUSE=$(LIGHTHOUSE) PY=$(PY) bench/lighthouse.sh

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
