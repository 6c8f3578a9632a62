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

.PHONY: all deps configure build run test unit integration fuzz-smoke fuzz bench clean

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
# and a short smoke run of every fuzz target.
test: build fuzz-smoke
	cd $(BUILD) && ctest --output-on-failure -j 2 --timeout 600

unit: build
	cd $(BUILD) && ctest --output-on-failure -L unit -j $(JOBS)

integration: build
	cd $(BUILD) && ctest --output-on-failure -L 'integration|e2e'

$(FUZZ)/build.ninja:
	cmake -S . -B $(FUZZ) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_C_COMPILER=clang-16 -DCMAKE_CXX_COMPILER=clang++-16 -DLATCHKEY_FUZZ=ON

fuzz-smoke: deps $(FUZZ)/build.ninja
	ninja -C $(FUZZ) -j $(JOBS) fuzzers
	scripts/fuzz-smoke $(FUZZ)

fuzz: deps $(FUZZ)/build.ninja
	ninja -C $(FUZZ) -j $(JOBS) fuzzers
	@echo "Run a target, e.g.: $(FUZZ)/fuzz/http_request_fuzz fuzz/corpus/http_request -max_total_time=600"

bench: build
	bench/run

clean:
	rm -rf build
