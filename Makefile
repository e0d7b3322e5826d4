# Every target uses the project's own virtual environment (.venv), created on first use; the tooling is one
# package with one entry point, python -m scripts <command> (python -m scripts --help lists the commands).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

VENDORED ?= openapi/custom-channels-2026-03.json
OLD ?= HEAD:$(VENDORED)
NEW ?= $(VENDORED)

.PHONY: setup generate check-generated test demo api-diff api-diff-ci check-upstream upstream-watch upstream-revendor lint-workflows bench bench-results bench-pacing bench-fake bench-outbox typecheck lint bump

# As root (CI, a fresh container) a missing redis-server is installed from Debian: the Redis tests start one.
setup: $(STAMP)
	@command -v redis-server >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; } \
		|| echo "redis-server is missing and cannot be installed here: the Redis tests will be skipped"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev,testing,aiohttp,cli]'
	touch $(STAMP)

generate: setup
	$(PY) -m scripts generate

check-generated: setup
	$(PY) -m scripts generate --check

# Semantic diff of two OpenAPI documents (paths or REV:path); e.g. make api-diff OLD=HEAD~3:$(VENDORED)
api-diff: setup
	$(PY) -m scripts diff $(OLD) $(NEW) --fail-on never

# CI: diff each vendored spec against its previous committed version; fail on unaccepted breaking changes
api-diff-ci: setup
	$(PY) -m scripts ci check

# Scheduled job: has HubSpot published something different from what we vendored? SPEC=<path-or-url>
# SPEC reaches the recipes through the environment, quoted: make echoes "$SPEC", not a URL's secret, and the
# shell neither splits it at & nor globs it.
export SPEC
check-upstream: setup
	$(PY) -m scripts ci check-upstream --spec $(VENDORED) --published "$$SPEC"

# The scheduled job's loop without GitHub (scripts/upstream_watch.py): SPEC=<path-or-url> [VERSION=<id>]. Has
# HubSpot published other facts? Then a branch upstream-watch/<version> with the re-vendored document, the
# regenerated package, the test results and the report. python -m scripts upstream-watch exits 0 no change,
# 10 safe, 20 breaking, 1 failed, 2 usage; make exits 2 for any of the last four and prints which.
upstream-watch: setup
	$(PY) -m scripts upstream-watch "$$SPEC" $(if $(VERSION),--version '$(VERSION)') || { status=$$?; echo "make upstream-watch: python -m scripts upstream-watch exit status $$status" >&2; exit $$status; }

# Run by upstream-watch in its own git worktree, with PY set to the caller's interpreter (no venv there):
# the worktree's own scripts must do the bump, as they write the tree they are in.
upstream-revendor:
	$(PY) -m scripts bump $(VERSION) $(SOURCE) --no-test

# The workflows (.github/workflows): actionlint (syntax, expressions, shell) and zizmor (security), offline.
lint-workflows: setup
	$(VENV)/bin/actionlint -no-color -shellcheck $(VENV)/bin/shellcheck
	$(VENV)/bin/zizmor --offline --no-progress --strict-collection .github

typecheck: setup
	$(PY) -m mypy --strict facade/hubspot_channels scripts

# ruff is pinned in the dev extra: the same findings on every machine.
lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# The sync modules (_sync_*.py) are generated from their async sources (_async_*.py): python -m scripts unasync (scripts/unasync.py says how).
.PHONY: unasync check-unasync
unasync: setup
	$(PY) -m scripts unasync

check-unasync: setup
	$(PY) -m scripts unasync --check

# The checks, then the suite on every core (pytest-xdist) side by side: none of them writes the tree (generate
# --check builds in a temporary directory), so they run at once (-O: each one's output in one piece, make
# still fails when any fails); then the few tests that rewrite the real tree, alone (README: Tests).
# make test leaves check-generated to the suite (test_check_generated_covers_every_version runs exactly it,
# sharing the session's generator runs), rather than generating every version once more beside it.
CHECKS := check-generated check-unasync api-diff-ci typecheck lint lint-workflows
TEST_CHECKS := $(filter-out check-generated,$(CHECKS))
.PHONY: checks test-checks test-parallel test-facade
checks: $(CHECKS)
test-checks: $(TEST_CHECKS)

# Test runs keep their compiled modules (assertion-rewritten tests included) in .venv/pycache, not beside the
# sources, even where PYTHONDONTWRITEBYTECODE is set: without them every pytest process, xdist worker and
# CLI subprocess compiles the package and the tests again (about half of collection's CPU).
# worksteal: an idle worker takes tests queued on a busy one (the generator tests are long).
TEST_ENV := env -u PYTHONDONTWRITEBYTECODE PYTHONPYCACHEPREFIX=$(abspath $(VENV))/pycache
PYTEST := $(TEST_ENV) $(PY) -m pytest

test-parallel: setup
	$(PYTEST) -n auto --dist worksteal

# The facade tier alone (the quick loop; README: Tests).
test-facade: setup
	$(PYTEST) -n auto --dist worksteal tests/facade

# The serial tier collects only the files that mark a test serial (collecting the whole suite again costs
# more CPU than the tier's one test); none found, nothing to run.
SERIAL_FILES = $(shell grep -rlE --include='test_*.py' 'mark\.serial\b' tests)

test: setup
	$(MAKE) --no-print-directory -j -O test-checks test-parallel
	$(if $(strip $(SERIAL_FILES)),$(PYTEST) -m serial $(SERIAL_FILES))

demo: setup
	$(PY) -m scripts demo

# Side-by-side benchmark against a loopback server (installs hubspot-sdk into the venv if missing), with the
# ext load (others' CPU meanwhile; DISTURBED above a tenth of a core); startup figures in .venv/bench-core
# (core dependencies only, made on first use). ARGS=--profile: where the facade's time goes; ARGS=--quick: smoke.
bench: setup
	$(PY) -m scripts bench $(ARGS)

# Every benchmark and every target of issue 16, written to scripts/bench/RESULTS.md and the README's block;
# refused for a disturbed run unless ARGS=--allow-disturbed (then marked DISTURBED).
bench-results: setup
	$(PY) -m scripts bench --all --write-results $(ARGS)

# 3,000 bulk status updates against the fake enforcing 100 requests/s: goodput, lost updates, 429s;
# ARGS="--processes 4": from 4 processes sharing one RedisRateLimit (a redis-server is started, or $REDIS_URL).
bench-pacing: setup
	$(PY) -m scripts bench --pacing $(ARGS)

# The fake's cost: one validated status-update round trip against the same without validation.
bench-fake: setup
	$(PY) -m scripts bench --fake $(ARGS)

# The status outbox on SQLite: enqueue throughput (fsynced) and drain throughput against the served fake.
bench-outbox: setup
	$(PY) -m scripts bench --outbox $(ARGS)

# Add an API version beside the others (or take a republication of one): make bump VERSION=2026-09 SOURCE=<path-or-url>
# make itself exits 2 whenever this fails; the line it prints gives the script's own status, which
# `python -m scripts bump VERSION SOURCE` returns: 1 blocked (nothing written), 2 usage.
bump: setup
	$(PY) -m scripts bump $(VERSION) $(SOURCE) || { status=$$?; echo "make bump: python -m scripts bump exit status $$status ($$( [ $$status = 2 ] && echo usage || echo blocked))" >&2; exit $$status; }
