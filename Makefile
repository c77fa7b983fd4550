# Tandem. `make run` and `make test` are the two commands; see README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ADDR ?= 127.0.0.1:8000

.PHONY: run demo test lint format bench migrate crashtest clean

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit("Tandem needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

run: migrate
	@echo "Tandem is starting on http://$(ADDR)/"
	$(BIN)/python manage.py runserver $(ADDR)

demo: migrate
	$(BIN)/python manage.py demo_data
	@echo "Tandem is starting on http://$(ADDR)/"
	$(BIN)/python manage.py runserver $(ADDR)

test: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run > /dev/null
	$(BIN)/python -m pytest -q -m "not durability" $(PYTEST_ARGS)

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

clean:
	rm -rf $(VENV) staticfiles
