# Tandem. `make run` and `make test` are the two commands; see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000

.PHONY: run demo test test-fast test-clock lint format bench migrate crashtest clean messages messages-check cluster

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit("Tandem needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput --skip-checks

# The web server and one task-queue worker (reminders, feed refresh), from the Procfile; Ctrl-C
# stops both.
run: migrate
	@echo "Tandem is starting on http://$(ADDR)/ with one background worker"
	ADDR=$(ADDR) $(BIN)/honcho start --procfile Procfile

demo: migrate
	$(BIN)/python manage.py demo_data
	@echo "Tandem is starting on http://$(ADDR)/ with one background worker"
	ADDR=$(ADDR) $(BIN)/honcho start --procfile Procfile

# Tests run on every core (pytest-xdist, handed out two at a time, the slowest first: see
# conftest.py; the 25 slowest are listed at the end). PYTEST_ARGS adds
# options, e.g. PYTEST_ARGS="-n 0 -x" for one process that stops at the first failure.
PYTEST := $(BIN)/python -m pytest -q -n auto --dist load --maxschedchunk 2 --durations=25
# 00:30 in New York on the two days the clocks change in 2026, with the host in a zone far from UTC.
FAKE_NOWS := "2026-03-08T00:30 America/New_York" "2026-11-01T00:30 America/New_York"

test: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	$(PYTEST) -m "not durability" $(PYTEST_ARGS)

test-fast: $(STAMP)
	$(PYTEST) -m "not durability and not browser" $(PYTEST_ARGS)

test-clock: $(STAMP)
	@for now in $(FAKE_NOWS); do \
		echo "== every test but the browser's, at $$now, host TZ=Pacific/Auckland"; \
		TZ=Pacific/Auckland $(PYTEST) -m "not durability and not browser" --fake-now="$$now" $(PYTEST_ARGS) || exit 1; \
	done

crashtest: $(STAMP)
	$(BIN)/python -m pytest -q -m durability tests/durability

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python bench/run.py

# The loopback cluster proof (docs/scale.md): PostgreSQL primary + streaming replica, PgBouncer,
# Redis, three app servers, two workers, six checks and a load; all torn down after. Needs root.
cluster: $(STAMP)
	PYTHON=$(BIN)/python bash tests/cluster/run.sh

clean:
	rm -rf $(VENV) staticfiles

# The Spanish catalogues (docs/i18n.md): `make messages` gathers every marked string into each
# app's locale/es (and tandem/templates/locale/es for the site-wide templates) and compiles them;
# `make messages MESSAGE_DIRS=tandem/recovery` does one folder. Needs GNU gettext (Debian:
# gettext). The compiled .mo files are committed, so `make run` needs no gettext.
MESSAGE_DIRS := $(patsubst %/locale/,%,$(wildcard tandem/*/locale/))
DJANGO_IN_APP := DJANGO_SETTINGS_MODULE=tandem.settings PYTHONPATH=$(CURDIR) $(CURDIR)/$(BIN)/django-admin
MAKEMESSAGES_OPTIONS := -l es --no-obsolete --no-location --no-wrap -i 'tests/*' -i 'locale/*'
messages: $(STAMP)
	@for dir in $(MESSAGE_DIRS); do \
		echo "== $$dir"; \
		( cd $$dir && $(DJANGO_IN_APP) makemessages $(MAKEMESSAGES_OPTIONS) ) || exit 1; \
		if [ -d $$dir/static ]; then \
			( cd $$dir && $(DJANGO_IN_APP) makemessages -d djangojs $(MAKEMESSAGES_OPTIONS) ) || exit 1; \
		fi; \
		$(BIN)/python manage.py tidy_catalogues $$dir || exit 1; \
		( cd $$dir && $(DJANGO_IN_APP) compilemessages ) || exit 1; \
	done

# What CI checks: every catalogue compiles with its placeholders intact (msgfmt --check-format).
messages-check: $(STAMP)
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'
