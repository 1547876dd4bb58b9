# The two commands of the README: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --disable-pip-version-check -q -c constraints.txt
HOST ?= 127.0.0.1:8000

.PHONY: run test install install-test assets migrate messages catalogue demo lint format serve worker beat clean

run: install assets migrate messages demo serve  ## install, migrate, load demo data and serve

# Everything `make run` starts (migrate syncs the Site, loaddemo issues credentials, the server
# sends email) derives SITE_URL from the address served, unless SITE_URL is set.
run serve migrate demo: export DEVELOPMENT_ADDRESS = $(HOST)

# Signing in with Gitee or GitHub: `make run` starts a stand-in of both forges on STANDIN_FORGE
# (forges/standin/, development only) and points the app at it. FORGES=real leaves the GITEE_* and
# GITHUB_* settings to the environment or .env (real OAuth apps, the real APIs).
FORGES ?= standin
STANDIN_FORGE ?= 127.0.0.1:8001
ifeq ($(FORGES),standin)
run serve worker beat: export GITEE_OAUTH_URL = http://$(STANDIN_FORGE)/gitee
run serve worker beat: export GITEE_API_URL = http://$(STANDIN_FORGE)/gitee/api/v5
run serve worker beat: export GITEE_CLIENT_ID = standin-gitee
run serve worker beat: export GITEE_CLIENT_SECRET = standin-secret
run serve worker beat: export GITHUB_OAUTH_URL = http://$(STANDIN_FORGE)/github
run serve worker beat: export GITHUB_API_URL = http://$(STANDIN_FORGE)/github/api
run serve worker beat: export GITHUB_CLIENT_ID = standin-github
run serve worker beat: export GITHUB_CLIENT_SECRET = standin-secret
endif

# The suite runs on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: install-test assets messages lint  ## install the test extra, lint, run the whole suite
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q --upgrade pip

install: $(BIN)/python
	$(PIP) -e .

install-test: $(BIN)/python
	$(PIP) -e '.[test]'

assets:
	npm ci --no-audit --no-fund --loglevel=error

migrate:
	$(BIN)/python manage.py migrate --noinput

messages:
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

catalogue:  ## extract new strings into locale/zh_Hans (sorted by msgid, no locations)
	$(BIN)/python manage.py makemessages -l zh_Hans -e html,txt,py,svg --ignore=.venv --ignore=node_modules \
		--ignore=tests --ignore=benchmarks

demo:
	$(BIN)/python manage.py loaddemo

serve:
ifeq ($(FORGES),standin)
	$(BIN)/python manage.py standin_forge $(STANDIN_FORGE) & trap 'kill $$!' EXIT INT TERM; \
		$(BIN)/python manage.py runserver $(HOST)
else
	$(BIN)/python manage.py runserver $(HOST)
endif

worker:
	$(BIN)/celery -A mindspore_growth worker --loglevel=INFO

beat:
	$(BIN)/celery -A mindspore_growth beat --loglevel=INFO

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
