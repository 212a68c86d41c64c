PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

SECRET_FILE := .secret-key
# `make run PORT=8123` serves on another port; the links the site writes (SITE_URL) follow it.
PORT ?= 8000
ADDRESS := 127.0.0.1:$(PORT)
# `make run` serves the demo as users meet it: DEBUG off, gunicorn, static files compressed and
# cached by whitenoise. Only the plain-HTTP address on this machine differs from production.
# Django compares ALLOWED_HOSTS without the port, so the same hosts serve any PORT.
# The access log is the app's own (pendampingan.requests: with each request's id and user), so
# gunicorn writes none.
SERVE_ENV = DEBUG=0 SECRET_KEY="$$(cat $(SECRET_FILE))" ALLOWED_HOSTS=127.0.0.1,localhost \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 SITE_URL=http://$(ADDRESS)

.PHONY: run dev test bench load install lint messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

# A secret key made once for this checkout and kept out of git.
$(SECRET_FILE):
	umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@

run: install $(SECRET_FILE)
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py createcachetable
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(SERVE_ENV) $(BIN)/python manage.py seed_demo --force
	@echo "Jobs (kept PDFs, reminders, e-mail) run in a worker beside the server: manage.py db_worker"
	$(SERVE_ENV) $(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(SERVE_ENV) $(BIN)/gunicorn pendampingan.wsgi --bind $(ADDRESS) --workers 2 --no-control-socket

# For development: Django's own server, reloading on changes, with DEBUG's error pages.
dev: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	JOBS=immediate $(BIN)/python manage.py seed_demo
	@echo "Jobs run at once in the request that queues them (JOBS=immediate): no worker"
	JOBS=immediate $(BIN)/python manage.py runserver $(ADDRESS)

# The import contracts (pyproject.toml) first: a second, then the suite.
test: install
	$(BIN)/lint-imports
	$(BIN)/pytest

# Every page's cost at scale next to a bare Django view (bench/pages.py says what it times).
# BENCH_GROUPS=5000 by default; BENCH_DATABASE_URL=postgres://… for PostgreSQL.
bench: install
	$(BIN)/python bench/pages.py

# Coordinators, facilitators and groups browsing and writing at once, through locust, on the
# PostgreSQL database `make bench` filled (BENCH_DATABASE_URL=postgres://…): BENCH_LOAD_USERS=12
# for BENCH_LOAD_SECONDS=60 by default; bench/load.py says what it runs and reports.
load: install
	$(BIN)/python bench/load.py

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed.
messages: install
	$(BIN)/python manage.py makemessages -l id -l en --no-obsolete --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
