"""A module fixture's expensive result computed once per test session, not once per xdist worker.

``--dist worksteal`` spreads a module's tests over the workers, and each worker that runs one of them sets up
the module's fixtures again: a fixture that runs ``make bump`` end to end in a copy of the repo then runs it
twice. ``once_per_session`` runs it in the first worker that asks (the others wait on a lock) and hands every
worker the same pickled result and folder. Only for results that no test changes afterwards.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from tests.support.generated_cache import locked

T = TypeVar("T")


def session_root(config: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary root every worker of this session shares (.../pytest-N, not .../pytest-N/popen-gwK)."""
    root = tmp_path_factory.getbasetemp()
    return root.parent if hasattr(config, "workerinput") else root


def once_per_session(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, compute: Callable[[Path], T]
) -> T:
    """compute(an empty folder of its own), once per session for the requesting module; its result pickled."""
    name = request.module.__name__.rsplit(".", 1)[-1] + "-" + request.fixturename
    folder = session_root(request.config, tmp_path_factory) / f"once-{name}"
    stored = folder.with_suffix(".pickle")
    with locked(folder.with_suffix(".lock")):
        if stored.is_file():
            result: T = pickle.loads(stored.read_bytes())
            return result
        folder.mkdir()
        result = compute(folder)
        stored.write_bytes(pickle.dumps(result))
        return result
