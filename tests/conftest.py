"""Configuration of the whole suite: fixtures every test gets. Each area (tests/<area>/conftest.py) adds its own;
shared helpers are plain modules under tests/support/, imported as ``from tests.support.<module> import ...``."""

from __future__ import annotations

import signal

import pytest

from tests.support.facade_helpers import ENV_VARS


def pytest_configure(config: pytest.Config) -> None:
    """A suite started where SIGINT is ignored (``cmd &`` in a non-interactive shell) would pass that on to
    every subprocess, and the Ctrl-C tests' children would never see their SIGINT: restore Python's own."""
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture
def anyio_backend() -> str:
    """Async tests (``@pytest.mark.anyio``) run on asyncio only."""
    return "asyncio"


@pytest.fixture(autouse=True)
def clean_hubspot_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No HUBSPOT_* variable of the machine running the tests leaks into a test."""
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On an xdist worker, skip the tests marked ``serial``: they rewrite part of the repo tree (make bump's
    no-op check) while other workers read it; ``make test`` runs them alone after the parallel run."""
    if not hasattr(config, "workerinput"):
        return
    skip = pytest.mark.skip(reason="rewrites the repo tree: run alone (pytest -m serial), as make test does")
    for item in items:
        if item.get_closest_marker("serial"):
            item.add_marker(skip)
