# psa-ephemeral: every entry point a developer or CI needs. `make test` is what .ci/run calls.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NODE_BIN := node_modules/.bin
CLI := node dist/src/cli/main.js
UPSTREAM_TESTDATA ?= ../shared/upstream-psa/testdata
# The vitest fixture-generator test reads the same optional directory from the environment.
export UPSTREAM_TESTDATA

.PHONY: help install build lint typecheck unit conformance conformance-own conformance-upstream vectors docs-check playground browser test demo e2e bench docs soak clean

help:
	@echo "make demo   - install, build and run the webhook demo (no cluster needed)"
	@echo "make test   - lint, type-check, unit tests, conformance (own + upstream fixtures when present)"
	@echo "make playground - build the browser playground into playground-dist/ (open index.html)"
	@echo "make e2e    - end-to-end tests on kind or E2E_KUBECONFIG (skips cleanly otherwise)"
	@echo "make bench  - benchmarks (not part of make test)"
	@echo "make soak   - 60 s soak of the built webhook with a certificate rotation (not part of make test)"
	@echo "make docs   - regenerate fixtures and generated KEP tables"

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

install: node_modules/.package-lock.json

build: install
	$(NODE_BIN)/tsc -p tsconfig.build.json

lint: install
	$(NODE_BIN)/eslint .
	$(NODE_BIN)/prettier --check .

typecheck: install
	$(NODE_BIN)/tsc -p tsconfig.json --noEmit
	$(NODE_BIN)/tsc -p tsconfig.playground.json --noEmit

unit: install
	$(NODE_BIN)/vitest run

conformance-own: build
	$(CLI) conformance --testdata conformance/fixtures

conformance-upstream: build
	@if [ -d "$(UPSTREAM_TESTDATA)" ]; then \
		$(CLI) conformance --testdata "$(UPSTREAM_TESTDATA)"; \
	else \
		echo "skipped: upstream fixtures not found at $(UPSTREAM_TESTDATA)"; \
	fi

vectors: build
	$(CLI) vectors --dir conformance/admission

docs-check: build
	node dist/scripts/generate-docs.js --check

conformance: conformance-own conformance-upstream vectors

# The static playground (README "Playground"): one folder, no server needed.
playground: build
	node dist/scripts/build-playground.js

# The playground in headless Chromium (CHROMIUM=/path to choose one); one line and no failure without it.
CHROMIUM ?= /usr/bin/chromium
browser: playground
	@if [ -x "$(CHROMIUM)" ]; then \
		CHROMIUM="$(CHROMIUM)" $(NODE_BIN)/vitest run --config vitest.browser.config.ts; \
	else \
		echo "skipped: browser tests (no Chromium at $(CHROMIUM); apt-get install chromium)"; \
	fi

test: lint typecheck unit conformance docs-check browser

demo: build
	$(CLI) demo

# No install prerequisite: without a cluster or kind, run.sh prints its one skipped: line and
# exits 0; it installs node_modules itself before it runs the suite.
e2e:
	@bash e2e/run.sh

# wrk (Debian) drives the webhook to saturation; installed here when missing and apt-get can (root).
bench: build
	@command -v wrk >/dev/null || { apt-get install -y -qq wrk >/dev/null 2>&1 || \
		{ apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq wrk >/dev/null 2>&1; } || \
		echo "wrk not installed: the saturation figures will be skipped"; }
	node dist/bench/run.js

# 60 s of mixed traffic at a fixed rate with a certificate rotation half way (not part of make test).
soak: build
	node dist/scripts/soak.js --duration 60 --rate 200

docs: build
	node dist/conformance/generator/main.js
	node dist/scripts/generate-docs.js

clean:
	rm -rf dist playground-dist
