# Renda: `make run` serves the demo, `make test` runs the suite; both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The embedded default is a development set-up; production sets DJANGO_DEBUG=false (see README).
export DJANGO_DEBUG ?= true

.PHONY: install run test fuzz lint format messages clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "Renda: http://127.0.0.1:$(PORT)/  (demo password: jixian-demo)"
	@echo "  admin    系统管理员 (administrator)"
	@echo "  staff    常委会工作人员 (committee staff)"
	@echo "  director 主任会议 (director meeting); director2-4 deputy directors"
	@echo "  deputy, deputy2   人大代表 (deputies)"
	@echo "  unit, unit2       承办单位 (handling units)"
	@echo "  public portal: http://127.0.0.1:$(PORT)/public/ (no sign-in)"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# Every page's query string and every form's body fuzzed with Hypothesis's `fuzz` profile (12,000
# examples each and a wider sweep, about a quarter of an hour each), against PostgreSQL, where NUL in a
# string is an error, when DATABASE_URL is set:
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/renda_fuzz make fuzz
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest tests/core/test_fuzz.py tests/core/test_fuzz_forms.py -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/djlint templates --lint
	$(BIN)/djlint templates --check
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python manage.py check_messages

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat

# Refresh the catalogs after changing user-facing text, then translate and run `make messages` again.
messages: install
	$(BIN)/python manage.py makemessages --no-obsolete --no-location -l zh_Hans -l en --ignore=node_modules --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py makemessages --no-obsolete --no-location -d djangojs -l zh_Hans -l en --ignore=node_modules --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules staticfiles
