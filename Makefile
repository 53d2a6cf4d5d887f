# counter: the two commands of the README.
#   make demo  installs what is missing, builds, and opens the counter UI on the demo setup.
#   make test  installs what is missing, builds, and runs every test.
SHELL := /bin/bash
SWIFT ?= swift
export COUNTER_VAR ?= $(CURDIR)/var

.PHONY: demo test deps services build build-tests bench clean

deps:
	@bash scripts/install-deps.sh

services: deps
	@bash scripts/start-pcscd.sh
	@bash scripts/start-cups.sh

build: deps
	$(SWIFT) build

build-tests: deps
	$(SWIFT) build --build-tests

test: services build-tests
	COUNTER_BIN_DIR="$$($(SWIFT) build --show-bin-path)" $(SWIFT) test --skip-build

demo: services build
	@bash scripts/demo.sh "$$($(SWIFT) build --show-bin-path)"

clean:
	rm -rf .build var
