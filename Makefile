# The two commands a newcomer needs: `make run` and `make test`. Both set everything up.
PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# Which database the suite runs on: all (SQLite and PostgreSQL side by side), sqlite or postgres.
DB     ?= all
PYTEST_ARGS ?=

.PHONY: run test test-sqlite test-postgres test-order lint format install messages bench-pages \
        bench-pledges bench-progress stop-services clean \
        es-build es-start es-stop

$(STAMP): pyproject.toml requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[test]"
	@touch $(STAMP)

install: $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	@echo "Site: http://127.0.0.1:8000/   (Ctrl-C stops the site and the worker)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(PY) manage.py qcluster & \
	  $(PY) manage.py runserver 127.0.0.1:8000

test: install
	@bash .ci/system-packages
ifeq ($(DB),all)
	@bash .ci/test-both-databases
else
	$(MAKE) --no-print-directory test-$(DB)
endif

test-sqlite: install
	XF_TEST_DB=sqlite $(PY) -m pytest -m "not postgres_only" $(PYTEST_ARGS)

# The browser walk-throughs run once, on SQLite: what they check is the pages and the scripts,
# and PostgreSQL's own behaviour (locks, triggers, concurrency) has its tests here.
# Keeps .ci/run inside its 30 minutes.
test-postgres: install
	XF_TEST_DB=postgres $(PY) -m pytest -m "not elasticsearch and not browser" $(PYTEST_ARGS)

# Tests share one load of the demo (tests/demo_sharing.py): these modules, which mix tests with
# and without it, run in reverse and in a shuffled order, to show no test depends on another.
ORDER_CHECK ?= tests/cms/test_fragment_cache.py tests/cms/pledges/test_api.py tests/learning/test_api.py
test-order: install
	XF_TEST_DB=sqlite $(PY) -m pytest -q -m "not postgres_only" --order reverse $(ORDER_CHECK)
	seed=$$(date +%s); echo "shuffle seed $$seed"; \
	  XF_TEST_DB=sqlite $(PY) -m pytest -q -m "not postgres_only" --order random:$$seed $(ORDER_CHECK)

# ruff, configured in pyproject.toml: lint and format check (CI runs it), or format in place.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the Chinese translations after changing user-facing strings.
messages: install
	$(PY) manage.py makemessages -l zh_Hans --ignore=.venv --ignore=bench --ignore=tests --ignore=search/devnode
	$(PY) locale/merge_pending.py
	$(PY) manage.py compilemessages -l zh_Hans --ignore=.venv

bench-pages: install
	bash bench/pages.sh
bench-pledges: install
	$(PY) bench/pledge_wall.py
bench-progress: install
	$(PY) bench/progress_ingest.py

# A single-node Elasticsearch 8.19 built from Maven Central (tests start their own).
es-build:
	bash search/devnode/devnode.sh build
es-start:
	bash search/devnode/devnode.sh start
es-stop:
	bash search/devnode/devnode.sh stop

stop-services:
	-$(PY) -c "from xianfeng.devdb import stop_embedded_postgres; stop_embedded_postgres()"
	-bash search/devnode/devnode.sh stop

clean: stop-services
	rm -rf $(VENV) .pgdata .test-media .test-sqlite*.db
