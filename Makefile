# Every target works as the first command on a fresh clone: the ones that need the tools depend
# on `install`, which creates .venv and installs the project (editable) with its dev extra.
PYTHON ?= python3
VENV   := .venv
BIN    := $(CURDIR)/$(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
GEN    := $(BIN)/openapi-python-client generate --path spec/openapi.yaml --config spec/codegen.yml \
          --meta none --fail-on-warning --overwrite
# The generator's post-hooks call `ruff`: it must be the pinned one from .venv.
export PATH := $(BIN):$(PATH)

.PHONY: install generate check-generated lint typecheck test interop bench bench-quick demo docs clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The WSDL is generated too: spec/wsdl_from_spec.py, from the spec, spec/overlay.yaml (the SOAP
# operations' names) and spec/wsdl_soap_only.yaml (what only SOAP says).
WSDLGEN := $(BIN)/python spec/wsdl_from_spec.py
# And what spec/derive.py derives from the spec and spec/overlay.yaml for the SDK
# (adapters/smsmobile/_derived/: the operation table, the facades' typed methods).
DERIVE  := $(BIN)/python spec/derive.py
DERIVED := adapters/smsmobile/_derived

generate: $(STAMP)
	$(GEN) --output-path generated/smsmobile_rest
	$(WSDLGEN) --output spec/smsmobileapi.wsdl
	$(DERIVE)

check-generated: $(STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(GEN) --output-path "$$tmp/smsmobile_rest" >/dev/null && \
	if diff -ru -x __pycache__ generated/smsmobile_rest "$$tmp/smsmobile_rest"; then \
	  echo "generated/ matches spec/openapi.yaml"; \
	else \
	  echo "generated/ differs from spec/openapi.yaml: run 'make generate' and commit the result" >&2; exit 1; \
	fi && \
	$(WSDLGEN) --output "$$tmp/smsmobileapi.wsdl" && \
	if diff -u spec/smsmobileapi.wsdl "$$tmp/smsmobileapi.wsdl"; then \
	  echo "spec/smsmobileapi.wsdl matches spec/openapi.yaml"; \
	else \
	  echo "spec/smsmobileapi.wsdl differs from spec/openapi.yaml: run 'make generate' and commit the result" >&2; exit 1; \
	fi && \
	$(DERIVE) --output "$$tmp/derived" >/dev/null && \
	if diff -ru -x __pycache__ $(DERIVED) "$$tmp/derived"; then \
	  echo "$(DERIVED)/ matches spec/openapi.yaml and spec/overlay.yaml"; \
	else \
	  echo "$(DERIVED)/ differs from the spec and the overlay: run 'make generate' and commit the result" >&2; exit 1; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check adapters sandbox tests bench spec
	$(BIN)/ruff format --check adapters sandbox tests bench spec

typecheck: $(STAMP)
	$(BIN)/mypy adapters/smsmobile adapters/smsmobile_pytest sandbox/smsmobile_sandbox
	MYPYPATH=spec $(BIN)/mypy spec/derive.py spec/wsdl_from_spec.py spec/wsdl_xml.py

test: $(STAMP)
	$(BIN)/python -m pytest

# Foreign SOAP toolkits (PHP SoapClient, Java JAX-WS, node soap) against the sandbox and a gateway;
# interop/install.sh installs what they need on first use (Debian packages, the npm package).
interop: $(STAMP)
	@bash interop/install.sh
	@$(BIN)/python interop/run.py

# The CPU rows count instructions under valgrind (repeatable on a busy machine): installed here
# on Debian/Ubuntu when run as root; otherwise `python -m bench` says how to get it and falls back.
bench: $(STAMP)
	@command -v valgrind >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { apt-get install -y -qq valgrind || { apt-get update -qq && apt-get install -y -qq valgrind; }; } \
	  >/dev/null; } || echo "valgrind is not installed: the CPU rows use CPU time" >&2
	$(BIN)/python -m bench

# Every row at a tiny size, for CI: no figure is asserted, it fails only if a row cannot run.
bench-quick: $(STAMP)
	$(BIN)/python -m bench --quick

# The documentation site (docs/, mkdocs.yml) into site/; --strict: a broken link or a reference
# that does not resolve fails the build.
docs: $(STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

# The demo needs the product and its extras, not the test tools: a venv of its own with '.[all]'.
DEMO_VENV  := .venv-demo
DEMO_STAMP := $(DEMO_VENV)/.installed-stamp

$(DEMO_STAMP): pyproject.toml
	test -x $(DEMO_VENV)/bin/python || $(PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(DEMO_VENV)/bin/python -m pip install --quiet -e '.[all]'
	touch $(DEMO_STAMP)

demo: $(DEMO_STAMP)
	$(DEMO_VENV)/bin/python -m smsmobile.demo

.PHONY: browser screenshot redis

# The replay-store tests (tests/scaleout/) start Debian's redis-server on a free port of
# 127.0.0.1 themselves; this only installs it. Without root or apt-get it warns, and they skip.
redis:
	@if command -v redis-server >/dev/null && command -v redis-cli >/dev/null; then \
	  echo "redis-server is installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server || \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      --no-install-recommends redis-server; }; } >/dev/null || \
	    echo "make redis: apt-get could not install redis-server; the Redis tests will skip" >&2; \
	else \
	  echo "make redis: installing redis-server needs root and apt-get; the Redis tests will skip" >&2; \
	fi

# The browser tests (tests/browser/) drive Debian's chromium through its chromedriver; nothing is
# downloaded at run time. Without root or apt-get this only warns, and those tests skip.
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then \
	  echo "chromium and chromedriver are installed"; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium chromium-driver >/dev/null || \
	    echo "make browser: apt-get could not install chromium; the browser tests will skip" >&2; \
	else \
	  echo "make browser: installing chromium needs root and apt-get; the browser tests will skip" >&2; \
	fi

# Regenerates the README's picture of the inspector.
screenshot: $(STAMP) browser
	PYTHONPATH=tests/browser $(BIN)/python tests/browser/screenshot.py docs/inspector.png

clean:
	rm -rf $(VENV) $(DEMO_VENV) .pytest_cache .mypy_cache .ruff_cache site
