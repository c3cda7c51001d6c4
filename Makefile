# Portal PKS — two commands do everything: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := .venv
export UV_LINK_MODE := copy

.PHONY: install run test lint format bench messages clean

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python "$$($(PYTHON) -c 'import sys; print(sys.executable)')"
	@touch $@

install: .venv/.synced

run: install
	@bin/run

test: install
	@bin/test

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench: install
	.venv/bin/pytest tests/bench -p no:randomly -q

messages: install
	cd portal && ../.venv/bin/python ../manage.py makemessages -l en --ignore 'migrations/*'
	cd agreements && ../.venv/bin/python ../manage.py makemessages -l en --ignore 'migrations/*'
	cd exchange && ../.venv/bin/python ../manage.py makemessages -l en --ignore 'migrations/*'
	.venv/bin/python manage.py makemessages -l en --ignore '.venv/*' --ignore 'portal/*' --ignore 'agreements/*' --ignore 'exchange/*' --ignore 'tests/*'
	.venv/bin/python manage.py compilemessages --ignore .venv

clean:
	rm -rf .venv .tools var
