# The two commands a newcomer needs: `make run` and `make test`.
# Both install missing Debian/npm packages first (scripts/install-deps).
BUILD   ?= build/release
FUZZ    ?= build/fuzz
JOBS    ?= $(shell nproc)
LISTEN  ?= 127.0.0.1:5000
DATA    ?= ./var
# TLS=1: serve HTTPS with a local development certificate (scripts/dev-cert).
TLS     ?=
TLS_DIR ?= $(DATA)/tls

.PHONY: all deps configure build run test unit integration fuzz-smoke fuzz bench lint cppcheck test-sanitize soak clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

configure: deps $(BUILD)/build.ninja

build: configure
	ninja -C $(BUILD) -j $(JOBS)

run: build
	@mkdir -p $(DATA)
ifeq ($(TLS),1)
	@scripts/dev-cert $(TLS_DIR)
	@echo "Starting latchkeyd over HTTPS (SQLite under $(DATA)); Ctrl-C to stop."
	@echo "Trust the certificate: GIT_SSL_CAINFO=$(TLS_DIR)/cert.pem, curl --cacert $(TLS_DIR)/cert.pem, NODE_EXTRA_CA_CERTS=$(TLS_DIR)/cert.pem"
	$(BUILD)/src/app/latchkeyd serve --listen $(LISTEN) --data-dir $(DATA) \
	  --tls-cert $(TLS_DIR)/cert.pem --tls-key $(TLS_DIR)/key.pem
else
	@echo "Starting latchkeyd (SQLite under $(DATA)); Ctrl-C to stop."
	$(BUILD)/src/app/latchkeyd serve --listen $(LISTEN) --data-dir $(DATA)
endif

# Everything: unit, integration (real binary over HTTP), e2e (stock heroku CLI),
# a short smoke run of every fuzz target, and cppcheck (quick; clang-tidy is `make lint`).
test: build fuzz-smoke cppcheck
	cd $(BUILD) && ctest --output-on-failure -j 2 --timeout 600

unit: build
	cd $(BUILD) && ctest --output-on-failure -L unit -j $(JOBS)

integration: build
	cd $(BUILD) && ctest --output-on-failure -L 'integration|e2e'

# ASan + UBSan build (gcc, -O1 -g) of everything, and the unit + integration suites
# run against it (docs/testing.md). Reports from any process (tests, servers, CLIs
# they start) land in $(SANITIZE)/reports/; any report fails the target.
SANITIZE ?= build/sanitize
SAN_REPORTS = $(abspath $(SANITIZE))/reports
$(SANITIZE)/build.ninja:
	cmake -S . -B $(SANITIZE) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLATCHKEY_SANITIZE=ON -DLATCHKEY_BENCH=OFF

test-sanitize: deps $(SANITIZE)/build.ninja
	ninja -C $(SANITIZE) -j $(JOBS)
	rm -rf $(SAN_REPORTS) && mkdir -p $(SAN_REPORTS)
	@cd $(SANITIZE) && \
	  ASAN_OPTIONS=detect_leaks=1:log_path=$(SAN_REPORTS)/asan \
	  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:log_path=$(SAN_REPORTS)/ubsan \
	  ctest --output-on-failure -L 'unit|integration' -j 2 --timeout 900; status=$$?; \
	if [ -n "$$(ls -A $(SAN_REPORTS))" ]; then cat $(SAN_REPORTS)/*; echo "sanitizer reports above ($(SAN_REPORTS))"; status=1; \
	else echo "test-sanitize: no sanitizer reports"; fi; exit $$status

# R1 at length: the kill -9 crash test with many rounds (make test runs 20).
SOAK_ROUNDS ?= 300
soak: build
	LATCHKEY_BIN_DIR=$(abspath $(BUILD))/src LATCHKEY_CRASH_ROUNDS=$(SOAK_ROUNDS) \
	  node --test --test-reporter=spec tests/integration/crash.test.mjs

$(FUZZ)/build.ninja:
	cmake -S . -B $(FUZZ) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 -DLATCHKEY_FUZZ=ON

fuzz-smoke: deps $(FUZZ)/build.ninja
	ninja -C $(FUZZ) -j $(JOBS) fuzzers
	scripts/fuzz-smoke $(FUZZ)

fuzz: deps $(FUZZ)/build.ninja
	ninja -C $(FUZZ) -j $(JOBS) fuzzers
	@echo "Run a target, e.g.: $(FUZZ)/fuzz/http_request_fuzz fuzz/corpus/http_request -max_total_time=600"

# Static analysis of src/ (docs/testing.md): cppcheck, then clang-tidy-16 with the
# checked-in .clang-tidy over the compile database. Any finding fails.
lint: cppcheck
	run-clang-tidy-16 -p $(BUILD) -j $(JOBS) -quiet '$(CURDIR)/src/'

cppcheck: configure
	cppcheck --project=$(BUILD)/compile_commands.json --file-filter='src/*' -j $(JOBS) \
	  --enable=warning,performance,portability --inline-suppr \
	  --suppressions-list=.cppcheck-suppressions --error-exitcode=1 --quiet

bench: build
	bench/run

clean:
	rm -rf build
