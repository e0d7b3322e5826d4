"""scripts/unasync.py: the committed sync modules are exactly what their async sources give, and ``--check``
fails on a hand edit, a stale source, an orphaned generated module and a dead substitution."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import unasync
from tests.support.paths import REPO


def substitute(text: str) -> str:
    return str(unasync.unasync_text(text, set()))


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the package's async sources and generated sync modules."""
    copy = tmp_path / "hubspot_channels"
    copy.mkdir()
    for path in unasync.PACKAGE.glob("_[as]*ync_*.py"):
        shutil.copy(path, copy / path.name)
    return copy


def check(package: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scripts", "unasync", "--check", "--package", str(package)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_committed_sync_modules_are_generated_from_their_sources() -> None:
    assert unasync.problems(unasync.PACKAGE, write=False) == []
    sources = sorted(path.name for path in unasync.PACKAGE.glob("_async_*.py"))
    assert sources == ["_async_client.py", "_async_engine.py", "_async_paging.py", "_async_resources.py"]
    for source in sources:
        target = unasync.PACKAGE / source.replace("_async_", "_sync_")
        first_line = target.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# Generated from " + source) and "do not edit" in first_line


@pytest.mark.subprocess
@pytest.mark.slow
def test_check_fails_on_a_hand_edit_of_a_generated_module_and_writing_restores_it(package: Path) -> None:
    engine = package / "_sync_engine.py"
    original = engine.read_text(encoding="utf-8")
    engine.write_text(original.replace("self.sleep(attempts.delay)", "pass"), encoding="utf-8")

    done = check(package)
    assert done.returncode == 1
    assert "_sync_engine.py is not what _async_engine.py gives" in done.stderr
    assert "+            self.sleep(attempts.delay)" in done.stderr  # the diff shows what it should say
    assert "make unasync" in done.stderr

    written = subprocess.run(
        [sys.executable, "-m", "scripts", "unasync", "--package", str(package)], cwd=REPO, check=False
    )
    assert written.returncode == 0 and engine.read_text(encoding="utf-8") == original
    assert check(package).returncode == 0


@pytest.mark.subprocess
def test_check_fails_when_a_source_changed_without_regenerating(package: Path) -> None:
    source = package / "_async_paging.py"
    source.write_text(source.read_text(encoding="utf-8").replace("fetched on demand", "fetched lazily"))
    done = check(package)
    assert done.returncode == 1 and "_sync_paging.py is not what _async_paging.py gives" in done.stderr


@pytest.mark.subprocess
def test_check_fails_on_a_generated_module_whose_source_is_gone(package: Path) -> None:
    (package / "_async_paging.py").rename(package / "_async_paging_old.py.bak")
    done = check(package)
    assert (
        done.returncode == 1 and "_sync_paging.py says it is generated, but its source is gone" in done.stderr
    )


def test_a_substitution_no_source_uses_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "_async_tiny.py").write_text("async def f() -> None:\n    await g()\n", encoding="utf-8")
    found = unasync.problems(tmp_path, write=True)
    assert (tmp_path / "_sync_tiny.py").read_text(encoding="utf-8").endswith("def f() -> None:\n    g()\n")
    (unused,) = [problem for problem in found if problem.startswith("substitutions no source uses")]
    assert r"\bAsyncPager\b" in unused and r"\basync def\b" not in unused


@pytest.mark.parametrize(
    ("source", "sync"),
    [
        ("    async def get(self) -> Channel:\n", "    def get(self) -> Channel:\n"),
        ("        return await self._client._run(call)\n", "        return self._client._run(call)\n"),
        ("        async for page in self.pages():\n", "        for page in self.pages():\n"),
        ("    def list(self) -> AsyncPager[Channel]:\n", "    def list(self) -> SyncPager[Channel]:\n"),
        ("class AsyncMessages(_Resource):\n", "class Messages(_Resource):\n"),
        ("http: httpx.AsyncClient | None = None,\n", "http: httpx.Client | None = None,\n"),
        ("from ._async_engine import AsyncEngine\n", "from ._sync_engine import SyncEngine\n"),
        (
            "from ._driver_io import send_async, sleep_async\n",
            "from ._driver_io import send_sync, sleep_sync\n",
        ),
        ("fetch: Callable[[str | None], Awaitable[Page[T]]]\n", "fetch: Callable[[str | None], Page[T]]\n"),
        (
            "from collections.abc import AsyncIterator, Awaitable, Callable\n",
            "from collections.abc import Iterator, Callable\n",
        ),
        ("    async def __aenter__(self) -> Self:\n", "    def __enter__(self) -> Self:\n"),
        ("        await self._http.aclose()\n", "        self._http.close()\n"),
        # words that merely contain a token stay as they are
        ("awaiting = preclose = asyncio_free = 1\n", "awaiting = preclose = asyncio_free = 1\n"),
        (
            "threads in the sync client, tasks in the async one\n",
            "threads in the sync client, tasks in the async one\n",
        ),
    ],
)
def test_substitutions(source: str, sync: str) -> None:
    assert substitute(source) == sync
