"""The fault matrix: every fault x sync / async / async on AiohttpTransport / async on the native aiohttp
sender (AiohttpClient) x the operation kinds it differs on
(fault_matrix_cases.runs_on says which and why), against a
scripted raw-socket server on 127.0.0.1 (tests/_raw_server.py).

Each cell ends in exactly one of: the right result (the right model values), or one typed error of the
expected class (a HubSpotChannelsError), never an untyped exception, a wrong result or a hang. It also checks
the attempts the server saw (only safe calls are retried: publish reuses its idempotency id) and the backoff
the engine asked for (sleeps are recorded, never waited). Rows and columns: tests/test_fault_matrix_cases.py."""

from __future__ import annotations

import asyncio
import inspect
import ssl
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from hubspot_channels import (
    APIConnectionError,
    APITimeoutError,
    AsyncCustomChannelsClient,
    AsyncPager,
    CustomChannelsClient,
    HubSpotChannelsError,
    InternalServerError,
    Participant,
    RateLimitError,
    SyncPager,
)
from tests.support.facade_helpers import APP_ID, DEV_KEY, TOKEN, message_json
from tests.support.fault_matrix_cases import (
    BODY_FAULTS,
    BODY_KINDS,
    FAULTS,
    IDEMPOTENCY_ID,
    NEVER_TIMEOUT,
    OPS,
    PHONE,
    RATE_LIMITED,
    RETRY_KINDS,
    VISITOR,
    Expect,
    Fault,
    Op,
    runs_on,
)
from tests.support.raw_server import RawServer, Seen, answer, json_answer, reset, stall

try:
    from hubspot_channels.transports import AiohttpClient, AiohttpTransport
except ImportError:  # the aiohttp extra is not installed: those cells are skipped
    AiohttpClient = AiohttpTransport = None  # type: ignore[assignment,misc]

HANG_SECONDS = 20.0  # a hang detector, not a performance bound: a healthy cell takes a fraction of a second
CLIENT_TIMEOUT = 3.0  # so that a server that never answers fails the call, not the whole run
MODES = ["sync", "async", "aiohttp", "aiohttp-native"]


@dataclass
class Outcome:
    result: Any = None
    error: BaseException | None = None


# --- fixtures -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    with RawServer() as raw:
        yield raw


@pytest.fixture(scope="module")
def elsewhere() -> Iterator[RawServer]:
    """Another host: a redirect must never take the request (and its credentials) there."""
    with RawServer([answer(200, "{}")]) as raw:
        yield raw


@pytest.fixture
def engine_sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The delays the client's own code asks time.sleep / asyncio.sleep for (recorded, not waited); sleeps of
    httpx, aiohttp and asyncio themselves run for real."""
    delays: list[float] = []
    real_sleep, real_async_sleep = time.sleep, asyncio.sleep

    def from_client() -> bool:
        return str(sys._getframe(2).f_globals.get("__name__", "")).startswith("hubspot_channels")

    def sleep(seconds: float) -> None:
        if from_client():
            delays.append(seconds)
        else:
            real_sleep(seconds)

    def async_sleep(seconds: float, result: Any = None) -> Any:
        if from_client():
            delays.append(seconds)
            return real_async_sleep(0, result)
        return real_async_sleep(seconds, result)

    monkeypatch.setattr(time, "sleep", sleep)
    monkeypatch.setattr(asyncio, "sleep", async_sleep)
    return delays


# --- running one cell ---------------------------------------------------------------------------------------


# One TLS context for every cell's httpx client: building one per client (the CA bundle) costs 30 ms and
# the matrix has hundreds of cells; the loopback server is plain HTTP anyway.
SHARED_TLS = ssl.create_default_context()


def _credentials(base_url: str) -> dict[str, Any]:
    return {
        "access_token": TOKEN,
        "developer_api_key": DEV_KEY,
        "app_id": APP_ID,
        "base_url": base_url,
        "timeout": CLIENT_TIMEOUT,
    }


def run_sync(base_url: str, invoke: Callable[[Any], Any], options: dict[str, Any]) -> Outcome:
    outcome = Outcome()

    def body() -> None:
        http = httpx.Client(verify=SHARED_TLS)
        client = CustomChannelsClient(**_credentials(base_url), http_client=http)
        try:
            result = invoke(client.with_options(**options) if options else client)
            outcome.result = list(result) if isinstance(result, SyncPager) else result
        except BaseException as exc:  # noqa: BLE001  (judged by the caller: typed or not)
            outcome.error = exc
        finally:
            http.close()

    worker = threading.Thread(target=body, daemon=True)
    worker.start()
    worker.join(HANG_SECONDS)
    if worker.is_alive():
        pytest.fail(f"hang: the sync call did not end within {HANG_SECONDS} s")
    return outcome


def _async_http(mode: str) -> httpx.AsyncClient:
    if mode == "aiohttp-native":  # the engine's native sender: no httpx request machinery
        return AiohttpClient()
    return httpx.AsyncClient(transport=AiohttpTransport() if mode == "aiohttp" else None, verify=SHARED_TLS)


def run_async(base_url: str, invoke: Callable[[Any], Any], options: dict[str, Any], mode: str) -> Outcome:
    outcome = Outcome()

    async def body() -> None:
        http = _async_http(mode)
        client = AsyncCustomChannelsClient(**_credentials(base_url), http_client=http)
        try:
            result = invoke(client.with_options(**options) if options else client)
            if isinstance(result, AsyncPager):
                result = [item async for item in result]
            elif inspect.isawaitable(result):
                result = await result
            outcome.result = result
        except Exception as exc:  # noqa: BLE001  (judged by the caller: typed or not)
            outcome.error = exc
        finally:
            await http.aclose()

    try:
        asyncio.run(asyncio.wait_for(body(), HANG_SECONDS))
    except TimeoutError:
        pytest.fail(f"hang: the async call did not end within {HANG_SECONDS} s")
    return outcome


def run_cell(mode: str, server: RawServer, invoke: Callable[[Any], Any], options: dict[str, Any]) -> Outcome:
    if mode == "sync":
        return run_sync(server.base_url, invoke, options)
    if mode.startswith("aiohttp") and AiohttpTransport is None:
        pytest.skip("aiohttp is not installed")
    return run_async(server.base_url, invoke, options, mode)


def describe(error: BaseException) -> str:
    return f"{type(error).__module__}.{type(error).__name__}: {str(error)[:300]}"


def assert_outcome(outcome: Outcome, op: Op, expect: Expect) -> None:
    error = outcome.error
    if expect.error is None:
        assert error is None, f"expected the right result, got {describe(error)}"
        op.check(outcome.result, expect.overrides)
        return
    assert error is not None, f"expected {expect.error.__name__}, got the result {str(outcome.result)[:300]}"
    assert isinstance(error, HubSpotChannelsError), f"untyped exception {describe(error)}"
    assert type(error) is expect.error, f"expected {expect.error.__name__}, got {describe(error)}"
    if expect.about is not None:
        expect.about(error)


def assert_attempts(seen: list[Seen], op: Op, expect: Expect, delays: list[float]) -> None:
    assert len(seen) == expect.attempts, f"the server saw {len(seen)} attempts, expected {expect.attempts}"
    assert {request.method for request in seen} == {op.method}
    assert len(delays) == len(expect.sleeps), f"the engine slept {delays}, expected {list(expect.sleeps)}"
    for delay, (low, high) in zip(delays, expect.sleeps):
        assert low <= delay <= high, f"backoff {delay} outside [{low}, {high}]"
    if op.name == "publish":  # every attempt is the same message: HubSpot deduplicates on this id
        sent_ids = [request.json()["integrationIdempotencyId"] for request in seen]
        assert sent_ids == [IDEMPOTENCY_ID] * len(seen)


CELLS = [
    pytest.param(op, fault, mode, id=f"{op.name}-{fault.name}-{mode}")
    for op in OPS
    for fault in FAULTS
    if runs_on(fault, op)
    for mode in MODES
]


@pytest.mark.parametrize(("op", "fault", "mode"), CELLS)
def test_cell_recovers_or_raises_one_typed_error(
    op: Op, fault: Fault, mode: str, server: RawServer, elsewhere: RawServer, engine_sleeps: list[float]
) -> None:
    script, expect = fault.build(op, elsewhere.base_url)
    server.play(script)
    elsewhere.play([answer(200, "{}")])

    outcome = run_cell(mode, server, op.invoke, fault.options)

    assert_outcome(outcome, op, expect)
    assert_attempts(server.requests_once_settled(expect.attempts), op, expect, engine_sleeps)
    assert elsewhere.requests == [], "a redirect took the request (and its credentials) to another host"
    if op.kind == "list" and expect.error is None:  # page 2 was asked for with page 1's cursor
        assert server.requests[-1].query.get("after") == ["cursor-B"]


# --- publish without an idempotency id is never retried -----------------------------------------------------


def _publish_once(client: Any) -> Any:
    return client.messages.publish(
        1200, channel_account_id=555001, text="hi", senders=[Participant(PHONE)], recipients=[Participant(VISITOR)],
        idempotent=False,
    )  # fmt: skip


NOT_RETRIED = [
    ("503", [answer(503)], InternalServerError, {}),
    ("429", [json_answer(RATE_LIMITED, 429, {"Retry-After": "0"})], RateLimitError, {}),
    ("reset", [reset()], APIConnectionError, {}),
    ("stall", [stall(3.0, json_answer(message_json()))], APITimeoutError, {"timeout": NEVER_TIMEOUT}),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("name", "replies", "error", "options"), NOT_RETRIED, ids=[n[0] for n in NOT_RETRIED]
)
def test_publish_without_idempotency_is_sent_once(
    name: str, replies: list[Any], error: type[HubSpotChannelsError], options: dict[str, Any], mode: str, server: RawServer,
    engine_sleeps: list[float],
) -> None:  # fmt: skip
    server.play([*replies, json_answer(message_json())])

    outcome = run_cell(mode, server, _publish_once, options)

    assert type(outcome.error) is error, outcome
    assert len(server.requests) == 1 and engine_sleeps == []
    assert "integrationIdempotencyId" not in server.requests[0].json()


def test_every_fault_runs_on_an_operation_and_every_body_fault_exists() -> None:
    """The collapse in runs_on drops no fault: a misspelt BODY_FAULTS name would move a fault silently."""
    assert BODY_FAULTS <= {fault.name for fault in FAULTS}
    assert all(any(runs_on(fault, op) for op in OPS) for fault in FAULTS)
    assert {op.name for op in OPS} == RETRY_KINDS | BODY_KINDS
