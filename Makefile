# stratus: the two commands a newcomer needs are `make run` and `make test`.
# Both install what is missing first (scripts/deps.sh), then build with
# CMake. Everything else is here too: bench, fuzz, install, clean.

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60

.PHONY: all deps build run test test-plain test-asan bench fuzz install clean

all: build

deps:
	@sh scripts/deps.sh

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_INSTALL_PREFIX=$(PREFIX)

build: deps $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/stratus

test: deps test-plain test-asan

test-plain: $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The sanitizer build runs a few times slower: its test timeouts are
# tripled (STRATUS_TEST_TIMEOUT_SCALE, tests/lib.sh) unless set.
test-asan:
	cmake -S . -B $(ASAN_BUILD) -DSTRATUS_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		STRATUS_TEST_TIMEOUT_SCALE=$${STRATUS_TEST_TIMEOUT_SCALE:-3} \
		ctest --output-on-failure -j $(JOBS)

# Each script measures one part against its issue's targets: run.sh
# rewrites the tables of bench/RESULTS.md; the others print theirs, kept
# in bench/out/ (bench/explore.md, present.md and sync.md explain them).
bench: build
	sh bench/run.sh $(BUILD)/stratus
	mkdir -p bench/out
	sh bench/explore.sh $(BUILD)/stratus | tee bench/out/explore.md
	sh bench/present.sh $(BUILD)/stratus $(BUILD)/tests/pty/ptyrun | tee bench/out/present.md
	sh bench/sync.sh $(BUILD)/stratus | tee bench/out/sync.md

fuzz: deps
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DSTRATUS_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	sh tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

install: build
	DESTDIR=$(DESTDIR) cmake --install $(BUILD) --prefix $(PREFIX)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
