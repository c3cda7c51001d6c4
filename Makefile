# Portal PKS — two commands do everything: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
export UV_LINK_MODE := copy

.PHONY: install run dev test lint format bench messages clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	@touch $@

install: .venv/.synced

run: install
	@bin/run

dev: install
	@bin/dev

test: install
	@bin/test

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# The load benchmarks drive the portal with wrk (Debian's package): installed here when it is missing.
bench: install
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk >/dev/null; } || true
	PORTAL_BENCH=1 .venv/bin/pytest tests/bench -p no:randomly -q -s

# One run over the whole tree: the catalogue is merged per run, so split runs would drop each other's entries.
messages: install
	.venv/bin/python manage.py makemessages -l en --no-obsolete \
	  --ignore '.venv/*' --ignore '.tools/*' --ignore 'var/*' --ignore 'tests/*' --ignore 'static/*' \
	  --ignore '*/migrations/*'
	.venv/bin/python manage.py compilemessages --ignore .venv --ignore .tools

clean:
	rm -rf .venv .tools var
