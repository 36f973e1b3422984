# The two commands a newcomer needs: `make run` and `make test`. Each installs what is
# missing first (scripts/install-deps), so a fresh Debian 12 machine needs nothing else.
.PHONY: deps web build run run-viztube test bench fuzz soak format dev

deps:
	@scripts/install-deps

# The web apps (TypeScript, Vite) into web/*/dist, which the server hosts.
web: deps
	@npm --prefix web run build --silent >/dev/null

# Release build; the servers land at build/bin/vizora and build/bin/viztube.
build: deps web
	@cmake --preset release >/dev/null
	@cmake --build --preset release

# Only what the command needs is compiled: the server, not VizTube, tests or benchmarks.
run: deps web
	@cmake --preset release >/dev/null
	@cmake --build --preset release --target vizora
	build/bin/vizora serve

# VizTube, the same way: SQLite and files under ./data, http://127.0.0.1:8090/.
run-viztube: deps web
	@cmake --preset release >/dev/null
	@cmake --build --preset release --target viztube media-helper
	build/bin/viztube serve

# The dev preset (ASan + UBSan) and every suite, with throwaway PostgreSQL and Redis; the
# release build too, so what make run starts is compiled (optimizer warnings, unity units).
test: deps web
	@scripts/install-deps --test
	@cmake --preset dev >/dev/null
	@cmake --build --preset dev
	@cmake --preset release >/dev/null
	@cmake --build --preset release
	@scripts/test
	@FUZZ_SECONDS=10 FUZZ_SEED=1 scripts/fuzz

# The libFuzzer harnesses (fuzz/README.md), FUZZ_SECONDS each (default 60); FUZZ=NAME for one.
fuzz:
	@scripts/fuzz

# The long runs (scripts/soak): an hour of 10,000 screens, dashboards, an API mix and VizTube
# on the release build, then 1,000 crash-test kills. SOAK_SECONDS, SCREENS, CRASH_KILLS.
soak:
	@scripts/soak

bench: build
	@bench/run

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
	@npm --prefix web run format --silent >/dev/null
	@npm --prefix e2e run format --silent >/dev/null
