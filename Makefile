# counter: the two commands of the README.
#   make demo  installs what is missing, builds, and opens the counter UI on the demo setup
#              (make demo MODE=kiosk: the kiosk, with a card tray).
#   make test  installs what is missing, builds, and runs every test.
SHELL := /bin/bash
SWIFT ?= swift
export COUNTER_VAR ?= $(CURDIR)/var

.PHONY: demo test deps services build build-tests bench fuzz clean

deps:
	@bash scripts/install-deps.sh

services: deps
	@bash scripts/start-pcscd.sh
	@bash scripts/start-cups.sh
	@bash scripts/start-postgres.sh >/dev/null

build: deps
	$(SWIFT) build

# The tests need no debug info: without it a clean build of the tests on 2 cores is shorter (make test stays in 10 min).
TEST_BUILD_FLAGS ?= -Xswiftc -gnone

build-tests: deps
	$(SWIFT) build --build-tests $(TEST_BUILD_FLAGS)

test: services build-tests
	COUNTER_BIN_DIR="$$($(SWIFT) build --show-bin-path)" $(SWIFT) test --skip-build

# Measuring runs, apart from `make test`: render time per form, key -> redraw and UI memory, and whole
# `counter` processes through pcscd and CUPS next to `lp` sending the same PDFs.
bench: services build
	$(SWIFT) build -c release
	$(SWIFT) run -c release --package-path Benchmarks form-render-bench 50 full
	$(SWIFT) run -c release --package-path Benchmarks ui-bench 2000
	$(SWIFT) run -c release --package-path Benchmarks journal-bench 500
	$(SWIFT) run -c release --package-path Benchmarks ledger-bench 500 1000000
	$(SWIFT) run -c release --package-path Benchmarks registry-bench 2800000 2000
	$(SWIFT) run -c release --package-path Benchmarks certificate-bench 50 1000000
	bash scripts/bench-card.sh
	BUILD_CONFIGURATION=release bash scripts/bench-preprint.sh 20
	BUILD_CONFIGURATION=release bash scripts/bench-certificate.sh 20
	BUILD_CONFIGURATION=release bash scripts/bench-onestop.sh 20
	BUILD_CONFIGURATION=release bash scripts/bench-kpi.sh 5
	BUILD_CONFIGURATION=release bash scripts/bench-sync.sh 60
	BUILD_CONFIGURATION=release bash scripts/bench-city.sh 5
	COUNTER_BIN_DIR="$$($(SWIFT) build -c release --show-bin-path)" bash scripts/bench-kiosk.sh 100

# 10^6 mutated inputs for each parser of outside input (BER-TLV, basic 4 info, --info-json, form layouts).
fuzz: deps
	$(SWIFT) run -c release --package-path Benchmarks fuzz 1000000

# make demo MODE=kiosk opens the kiosk (with a card tray in tmux) instead of the counter UI.
demo: services build
	@COUNTER_DEMO_MODE="$(MODE)" bash scripts/demo.sh "$$($(SWIFT) build --show-bin-path)"

clean:
	rm -rf .build var
