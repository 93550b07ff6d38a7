# The README's commands. Each installs what is missing first.
.PHONY: run test build dev asan unit service e2e bench fuzz deps format clean deb screenshots

NPROC := $(shell nproc)
PORT ?= 8080

deps:
	@scripts/install-deps

build: deps
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j$(NPROC)

# Serves the portal on http://127.0.0.1:8080 with var/doma.db (created,
# migrated and seeded on first start).
run: build
	@mkdir -p var
	./build/release/doma serve --listen 127.0.0.1:$(PORT) --db var/doma.db

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j$(NPROC)

# Every test: unit tests and service tests under ASan/UBSan, then service and
# browser tests against the release binary.
test: asan build
	@scripts/run-tests

# build/doma_<version>_amd64.deb from the release binary (packaging/deb/).
deb: build
	@scripts/make-deb

# docs/screenshots/: the key pages at 360 and 1280 px, normal and high
# contrast, from a throwaway server with made-up people (scripts/screenshots).
screenshots: build
	@scripts/screenshots

# make bench: bench/run (doma against nginx and PostgreSQL, writes, floods);
# make bench GROWTH=1: bench/growth (10,000, 100,000 and 1,000,000 services).
bench: build
	@scripts/install-deps --bench
	@if [ "$(GROWTH)" = 1 ]; then bench/growth; else bench/run; fi

# libFuzzer (clang 16) over the request parser and router, every API route's
# JSON body, search parameters and Markdown: FUZZ_SECONDS per target (600).
fuzz: deps
	@scripts/install-deps --fuzz
	@cmake --preset fuzz >/dev/null
	@cmake --build --preset fuzz -j$(NPROC) --target fuzz_http_request fuzz_api_json fuzz_search_params fuzz_markdown
	@scripts/fuzz

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'bench/*.cpp')

clean:
	rm -rf build
