# From a fresh clone with Python 3.11+ and make: `make run` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: install run serve migrate demo test lint format lock clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

migrate: install
	$(BIN)/coalition migrate

demo: migrate
	$(BIN)/coalition demo

run: demo
	$(BIN)/coalition serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Re-pin every dependency after changing pyproject.toml.
lock: install
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# The reports on PostgreSQL with a million hours records (COALITION_BENCH_POSTGRES_URL).
.PHONY: bench bench-matching bench-reminders
bench: install
	$(BIN)/python -m bench.reports

# Ranking 100,000 volunteers and proposing for 1,000 shifts (PostgreSQL).
bench-matching: install
	$(BIN)/python -m bench.matching

# The 24 h / 2 h reminder scan over 100,000 upcoming shifts (SQLite, then PostgreSQL).
bench-reminders: install
	$(BIN)/python -m bench.reminders

# Background jobs from Redis (COALITION_REDIS_URL); run it once per worker process wanted.
.PHONY: worker
worker: migrate
	$(BIN)/coalition worker
