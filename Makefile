# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
# Everything else here is what those two are made of.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL run of the suite; trust auth on 127.0.0.1 on these machines.
PG_URL ?= postgres://postgres@127.0.0.1:5432/etoile_wiki

# Django 6 needs Python 3.12+. A bare `python3` may be 3.11 (and a pyenv shim
# exports its own version to child processes), so try explicit names first, then
# pyenv's installs, and keep the first that really is new enough.
PYTHON_CANDIDATES = python3.14 python3.13 python3.12 \
	$(wildcard $(shell pyenv root 2>/dev/null)/versions/3.1[3-9]*/bin/python3) \
	$(wildcard $(shell pyenv root 2>/dev/null)/versions/3.12*/bin/python3) python3
PYTHON_OK = -c 'import sys; sys.exit(sys.version_info < (3, 12))'
# Tests run as production does, DEBUG off, so they need a key: a fresh one per run.
TEST_ENV = SECRET_KEY=test-$$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')

.PHONY: help
help:
	@echo "make run    set up (venv, install, migrate, the seed into an empty wiki) and serve at http://$(HOST):$(PORT)/"
	@echo "make test   set up and run the whole suite on SQLite, then on PostgreSQL"
	@echo "make test-browser   only the end-to-end tests in Chromium (tests/browser), on SQLite"
	@echo "make serve  production: DEBUG off, migrate, collect static files, gunicorn on http://$(HOST):$(PORT)/"
	@echo "            (needs SECRET_KEY; README, Deploy)"
	@echo "make serve-cdn   the same behind Varnish: varnishd on http://$(HOST):$(PORT)/, gunicorn on $(APP_HOST):$(APP_PORT)"
	@echo "            (needs varnish and varnish-modules; README, Deploy)"
	@echo "make backup [FILE=...]   back up the database (SQLite or PostgreSQL) to backups/ or FILE"
	@echo "make restore FILE=...    restore a backup into the database (asks first; README, Deploy)"
	@echo "make reset-to-seed   put the wiki back as the seed has it (asks first; history keeps every edit)"
	@echo "make lint   ruff check and format check, and the layers' import contracts (lint-imports)"
	@echo "make messages   update the French catalogs after changing interface text, and compile them"
	@echo "make bench-search   time search on the seed and on a generated wiki (README, Benchmarks)"
	@echo "make bench          load the production server (wrk) on the seed and on a generated wiki, page cache on and off (README, Benchmarks)"
	@echo "make bench-mixed    readers under load while an editor saves every 1 s, then 0.2 s: throughput, tails, stale reads (README, Benchmarks)"
	@echo "make bench-hits     cached page hits against the static file, SQLite and PostgreSQL with Redis (README, Benchmarks)"
	@echo "make bench-lighthouse   Lighthouse's four scores for the show page, served by make serve (README, Benchmarks)"

$(VENV)/.python-ok:
	@found=""; for c in $(PYTHON_CANDIDATES); do \
	  if command -v "$$c" >/dev/null 2>&1 && "$$c" $(PYTHON_OK) 2>/dev/null; then found="$$c"; break; fi; \
	done; \
	if [ -z "$$found" ]; then \
	  echo "error: no Python 3.12 or newer found (tried: $(PYTHON_CANDIDATES)). Install Python 3.13 (see .python-version)." >&2; \
	  exit 1; \
	fi; \
	if [ -x $(PY) ] && ! $(PY) $(PYTHON_OK) 2>/dev/null; then \
	  echo "Rebuilding $(VENV): its Python is older than 3.12."; rm -rf $(VENV); \
	fi; \
	[ -x $(PY) ] || { echo "Creating $(VENV) with $$found ($$("$$found" --version))"; "$$found" -m venv $(VENV); }
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
	@touch $@

# PEP 735 dependency groups need pip 25.1 or newer, installed just above.
$(VENV)/.installed-run: pyproject.toml $(VENV)/.python-ok
	$(PY) -m pip install --quiet --disable-pip-version-check --group run
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.python-ok
	$(PY) -m pip install --quiet --disable-pip-version-check --group test
	@touch $@ $(VENV)/.installed-run

.PHONY: install
install: $(VENV)/.installed-run

# The seed goes into an empty wiki only: setting up again never writes it over
# editors' work (load_seed says what it did and why). reset-to-seed is the
# deliberate way back, recorded in history.
.PHONY: db
db: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py load_seed
	DEBUG=$${DEBUG:-true} $(PY) manage.py collectstatic --noinput -v0

.PHONY: reset-to-seed
reset-to-seed: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-true} $(PY) manage.py reset_to_seed

.PHONY: run
run: db
	@DEBUG=$${DEBUG:-true} $(PY) manage.py ensure_dev_admin
	@echo "Serving the wiki at http://$(HOST):$(PORT)/ (admin at http://$(HOST):$(PORT)/admin/)"
	DEBUG=$${DEBUG:-true} $(PY) manage.py runserver $(HOST):$(PORT)

# Backups with each database's own tools (website/backups.py); a dumpdata/loaddata
# round trip is not one (README, Deploy). Uploaded files are copied apart.
.PHONY: backup
backup: install
	DEBUG=$${DEBUG:-true} $(PY) manage.py backup $(if $(FILE),--output "$(FILE)")

.PHONY: restore
restore: install
	@if [ -z "$(FILE)" ]; then echo "error: give the backup to restore: make restore FILE=backups/wiki-....sqlite3" >&2; exit 1; fi
	DEBUG=$${DEBUG:-true} $(PY) manage.py restore "$(FILE)"

# Production: the same code, DEBUG off, gunicorn in front. Loads no fixture (`make
# db` loads the seed into an empty wiki only).
.PHONY: serve
serve: serve-ready
	DEBUG=false ALLOWED_HOSTS=$${ALLOWED_HOSTS:-$(HOST),localhost} HOST=$(HOST) PORT=$(PORT) \
	  exec $(VENV)/bin/gunicorn etoile_wiki.wsgi -c etoile_wiki/gunicorn.conf.py

# What make serve and make serve-cdn do before serving.
.PHONY: serve-ready
serve-ready: install
	@if [ -z "$$SECRET_KEY" ]; then \
	  echo "error: SECRET_KEY is not set. make serve runs with DEBUG off, which needs a secret key from the environment (README, Deploy)." >&2; \
	  exit 1; \
	fi
	DEBUG=false ALLOWED_HOSTS=$${ALLOWED_HOSTS:-$(HOST),localhost} $(PY) manage.py migrate --noinput
	DEBUG=false ALLOWED_HOSTS=$${ALLOWED_HOSTS:-$(HOST),localhost} $(PY) manage.py collectstatic --noinput -v0

# varnishd, and the VCL loads in it (the xkey vmod is there).
.PHONY: varnish-ready
varnish-ready:
	@if [ ! -x "$(VARNISHD)" ]; then \
	  echo "error: no varnishd. Install Debian's varnish and its modules: apt-get install -y varnish varnish-modules" >&2; \
	  exit 1; \
	fi
	@if ! errors=$$($(VARNISHD) -C -f $(CURDIR)/deploy/varnish/etoile.vcl 2>&1 >/dev/null); then \
	  echo "$$errors" >&2; \
	  echo "error: varnishd cannot load deploy/varnish/etoile.vcl (no xkey vmod? apt-get install -y varnish-modules)" >&2; \
	  exit 1; \
	fi

# Varnish (deploy/varnish/etoile.vcl) on HOST:PORT in front of gunicorn on
# APP_HOST:APP_PORT, which purges it after every write (FRONTEND_CACHE_URLS).
# Both in the foreground, stopped together. Needs Debian's varnish and
# varnish-modules (xkey); installs nothing.
APP_HOST ?= 127.0.0.1
APP_PORT ?= 8001
VARNISHD ?= $(shell command -v varnishd 2>/dev/null || echo /usr/sbin/varnishd)
VARNISH_DIR ?= /tmp/etoile-varnish-$(PORT)
VARNISH_MEMORY ?= 256m
.PHONY: serve-cdn
serve-cdn: varnish-ready serve-ready
	@work=$$(mktemp -d); chmod 755 "$$work"; \
	sed -e 's/^\(\s*\.host = \)"[^"]*";/\1"$(APP_HOST)";/' \
	    -e 's/^\(\s*\.port = \)"[^"]*";/\1"$(APP_PORT)";/' \
	    -e 's/^acl purgers {/&\n    "$(HOST)";/' \
	    deploy/varnish/etoile.vcl > "$$work/etoile.vcl"; chmod 644 "$$work/etoile.vcl"; \
	echo "Serving the wiki through Varnish at http://$(HOST):$(PORT)/ (gunicorn at http://$(APP_HOST):$(APP_PORT)/)"; \
	DEBUG=false ALLOWED_HOSTS=$${ALLOWED_HOSTS:-$(HOST),localhost} HOST=$(APP_HOST) PORT=$(APP_PORT) \
	  FRONTEND_CACHE_URLS=$${FRONTEND_CACHE_URLS:-http://$(HOST):$(PORT)/} \
	  TRUSTED_PROXY_COUNT=$${TRUSTED_PROXY_COUNT:-1} \
	  $(VENV)/bin/gunicorn etoile_wiki.wsgi -c etoile_wiki/gunicorn.conf.py & app=$$!; \
	$(VARNISHD) -F -a $(HOST):$(PORT) -f "$$work/etoile.vcl" -n $(VARNISH_DIR) \
	  -s malloc,$(VARNISH_MEMORY) $$(sed -n 's/^\([a-z_]*=.*\)/-p \1/p' deploy/varnish/varnishd.params) \
	  & cache=$$!; \
	stop() { kill $$app $$cache 2>/dev/null; wait $$app $$cache 2>/dev/null; rm -rf "$$work"; }; \
	trap 'stop; exit 0' INT TERM; trap stop EXIT; \
	wait -n $$app $$cache

# The browser tests (tests/browser, marker `browser`) run as a step of their own
# after the rest, in one process (one browser, one live server): Playwright keeps
# an event loop running in the test thread for as long as its browser is open,
# and a real browser is timing-sensitive beside two xdist workers on two cores.
PYTEST := $(VENV)/bin/pytest -n 2 -q
BROWSER_TESTS := $(VENV)/bin/pytest -q -m browser
SQLITE_URL = sqlite:///$(CURDIR)/db.sqlite3

# The Nu Html Checker and axe-core for the tests (tests/validity, tests/browser),
# at the exact versions of package-lock.json; installed again when the lock file
# is newer. --ignore-scripts: vnu-jar's only script downloads a Java runtime from
# outside npm when none is installed, which these machines cannot reach; the
# tests say so themselves when Java is missing; the HTTP Observatory's would fetch
# Chromium's HSTS preload list from outside: an empty one stands in
# (tests/live/test_observatory.py). Without npm the tests that need
# them are skipped with the reason (an error under CI=true).
NODE_TOOLS := node_modules/.installed
$(NODE_TOOLS): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --no-audit --no-fund --ignore-scripts && \
	  echo '{}' > node_modules/@mdn/mdn-http-observatory/conf/hsts-preload.json && touch $@; \
	else \
	  echo "warning: no npm, so no HTML checker or axe-core: their tests will be skipped" >&2; \
	fi

.PHONY: test
test: test-sqlite test-postgres

.PHONY: test-sqlite
test-sqlite: $(VENV)/.installed-test $(NODE_TOOLS)
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(TEST_ENV) DATABASE_URL=$(SQLITE_URL) $(PYTEST) -m "not browser"
	$(TEST_ENV) DATABASE_URL=$(SQLITE_URL) $(BROWSER_TESTS)

.PHONY: test-postgres
test-postgres: $(VENV)/.installed-test $(NODE_TOOLS)
	@bash scripts/ensure-postgres.sh
	$(TEST_ENV) DATABASE_URL=$(PG_URL) $(PYTEST) -m "not browser"
	$(TEST_ENV) DATABASE_URL=$(PG_URL) $(BROWSER_TESTS)

# The browser group alone, on SQLite (needs Debian's chromium; screenshots go to
# each test's pytest tmp_path, README "Browser tests").
.PHONY: test-browser
test-browser: $(VENV)/.installed-test $(NODE_TOOLS)
	$(TEST_ENV) DATABASE_URL=$(SQLITE_URL) $(BROWSER_TESTS)

# After changing interface text: the French catalogs (locale/ for templates and
# etoile_wiki/, <app>/locale/ for each app's Python), then their compiled .mo files,
# which are kept in the repository so that no machine needs gettext to run the site.
.PHONY: messages
messages: $(VENV)/.installed-test
	DEBUG=true $(PY) manage.py makemessages -l fr --no-location --no-obsolete \
	  -i tests -i bench -i staticfiles -i test-artifacts -i node_modules -i deploy -i scripts
	DEBUG=true $(PY) manage.py compilemessages -l fr -i .venv -i node_modules

.PHONY: lint
lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# Search speed on the seed and on a generated wiki; results in bench/RESULTS-search.md.
ENTITIES ?= 100000
BENCH_DB ?= sqlite
.PHONY: bench-search
bench-search: install
	$(PY) bench/search_bench.py --entities $(ENTITIES) --db $(BENCH_DB)

# The production server (make serve) under load, page cache on and off, on the seed
# and on a generated wiki; results in bench/RESULTS.md.
.PHONY: bench
bench: install
	$(PY) bench/serve_bench.py --entities $(ENTITIES) --db $(BENCH_DB)

# Readers (wrk, 32 connections) while an editor saves through the admin every 1 s,
# then every 0.2 s, against a baseline without edits, in one make serve; results in
# bench/RESULTS-mixed.md (a section per database). BENCH_DB=postgres uses Redis.
.PHONY: bench-mixed
bench-mixed: install
	$(PY) bench/mixed_bench.py --db $(BENCH_DB)

# Cached page hits against the static file through make serve, on SQLite and on
# PostgreSQL with Redis, in interleaved passes; results in bench/RESULTS-hits.md.
.PHONY: bench-hits
bench-hits: install
	$(PY) bench/hit_bench.py

# Lighthouse (package.json) on the show page, English and French, served by make
# serve; results in bench/RESULTS-lighthouse.md. Needs Debian's chromium.
.PHONY: bench-lighthouse
bench-lighthouse: install $(NODE_TOOLS)
	$(PY) bench/lighthouse_bench.py

.PHONY: clean
clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
