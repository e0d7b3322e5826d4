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
    """A copy of the package's async sources and generated sync modules, subpackages' included."""
    copy = tmp_path / "hubspot_channels"
    for path in unasync.modules(unasync.PACKAGE, "_async_") + unasync.modules(unasync.PACKAGE, "_sync_"):
        (copy / path.relative_to(unasync.PACKAGE)).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, copy / path.relative_to(unasync.PACKAGE))
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
    sources = [
        path.relative_to(unasync.PACKAGE).as_posix() for path in unasync.modules(unasync.PACKAGE, "_async_")
    ]
    assert sources == [
        "_async_client.py",
        "_async_engine.py",
        "_async_exchange.py",
        "_async_paging.py",
        "_async_resources.py",
        "_async_shared_pacing.py",
        "outbox/_async_drain.py",
        "redis/_async_pacers.py",
    ]
    for source in sources:
        target = unasync.PACKAGE / source.replace("_async_", "_sync_")
        first_line = target.read_text(encoding="utf-8").splitlines()[0]
        assert first_line.startswith("# Generated from " + Path(source).name) and "do not edit" in first_line


def test_the_drainers_and_pacers_keep_their_public_names_and_import_paths() -> None:
    from hubspot_channels.outbox import AsyncOutboxDrainer, OutboxDrainer
    from hubspot_channels.outbox._drain import OutboxDrainer as old_sync_path
    from hubspot_channels.outbox._drain_async import AsyncOutboxDrainer as old_async_path
    from hubspot_channels.redis import AsyncRedisPacer, RedisPacer
    from hubspot_channels.redis._pacers import AsyncRedisPacer as old_async_pacer
    from hubspot_channels.redis._pacers import RedisPacer as old_sync_pacer

    assert (old_sync_path, old_async_path) == (OutboxDrainer, AsyncOutboxDrainer)
    assert (old_sync_pacer, old_async_pacer) == (RedisPacer, AsyncRedisPacer)
    assert OutboxDrainer.__module__ == "hubspot_channels.outbox._sync_drain"
    assert RedisPacer.__module__ == "hubspot_channels.redis._sync_pacers"


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
def test_check_fails_on_a_hand_edit_of_a_generated_module_in_a_subpackage(package: Path) -> None:
    drainer = package / "outbox" / "_sync_drain.py"
    original = drainer.read_text(encoding="utf-8")
    assert "blocking_sync(self.store.counts)" in original
    drainer.write_text(original.replace("blocking_sync(self.store.counts)", "self.store.counts()"))

    done = check(package)
    assert done.returncode == 1
    assert "outbox/_sync_drain.py is not what outbox/_async_drain.py gives" in done.stderr
    assert "+                self.stats.counts = blocking_sync(self.store.counts)" in done.stderr
    assert "redis/" not in done.stderr  # the untouched pair is not reported


def test_a_new_source_in_a_subpackage_is_picked_up(tmp_path: Path) -> None:
    source = tmp_path / "newpart" / "_async_tiny.py"
    source.parent.mkdir()
    source.write_text("async def f() -> None:\n    await g()\n", encoding="utf-8")
    (stale,) = [problem for problem in unasync.problems(tmp_path, write=False) if "tiny" in problem]
    assert stale.startswith("newpart/_sync_tiny.py is not what newpart/_async_tiny.py gives")

    unasync.problems(tmp_path, write=True)
    written = (tmp_path / "newpart" / "_sync_tiny.py").read_text(encoding="utf-8")
    assert written.startswith("# Generated from _async_tiny.py by scripts/unasync.py")
    assert written.endswith("def f() -> None:\n    g()\n")
    assert not [problem for problem in unasync.problems(tmp_path, write=False) if "tiny" in problem]


def test_a_generated_module_left_in_a_subpackage_without_its_source_is_reported(package: Path) -> None:
    (package / "redis" / "_async_pacers.py").unlink()
    found = unasync.problems(package, write=False)
    assert "redis/_sync_pacers.py says it is generated, but its source is gone: delete it" in found


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
        (
            "from ._drain_io import AsyncBackgroundDrain, blocking_async, send_batch_async\n",
            "from ._drain_io import BackgroundDrain, blocking_sync, send_batch_sync\n",
        ),
        ("class AsyncRedisPacer(AsyncSharedPacer, _Budget):\n", "class RedisPacer(SharedPacer, _Budget):\n"),
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
