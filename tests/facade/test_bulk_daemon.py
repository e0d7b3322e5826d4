"""The worker threads of a sync update_statuses: daemon threads, so that a second Ctrl-C ("stop waiting") ends
the program although requests are still in flight (a ThreadPoolExecutor's threads are joined at exit, up to the
client's timeout); a later Ctrl-C stops waiting wherever it lands, also before the first KeyboardInterrupt was
handled; and each worker runs in a copy of the caller's contextvars."""

from __future__ import annotations

import contextvars
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

import hubspot_channels._bulk_workers as bulk_workers
from hubspot_channels import BulkUpdateInterrupted, CustomChannelsClient, StatusUpdate, capture_responses
from hubspot_channels.testing import FakeHubSpot

BASE = "https://api.hubapi.com"
VISITOR = [{"deliveryIdentifier": {"type": "CHANNEL_SPECIFIC_OPAQUE_ID", "value": "visitor-1"}}]
GENEROUS = 60.0  # seconds a step may take on a busy machine; the client's timeout is 600
CALLER = contextvars.ContextVar[str]("caller", default="not the caller's context")


def outgoing(fake: FakeHubSpot, count: int) -> list[StatusUpdate]:
    channel = fake.create_channel()
    account = fake.create_channel_account(channel["id"])
    ids = [
        fake.agent_reply(channel["id"], account["id"], f"reply {n}", recipients=VISITOR, deliver=False)["id"]
        for n in range(count)
    ]
    return [StatusUpdate(channel["id"], m, "READ") for m in ids]


class Stalled(httpx.BaseTransport):
    """Every request is held until ``release``; ``arrived`` counts the ones held."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.release = threading.Event()
        self.arrived = threading.Semaphore(0)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.arrived.release()
        assert self.release.wait(timeout=GENEROUS)
        return self.inner.handle_request(request)

    def wait_for(self, count: int) -> None:
        for _ in range(count):
            assert self.arrived.acquire(timeout=GENEROUS)


def client_over(fake: FakeHubSpot, transport: httpx.BaseTransport) -> CustomChannelsClient:
    http = httpx.Client(transport=transport, base_url=BASE)
    return CustomChannelsClient(access_token=fake.access_token, base_url=BASE, http_client=http)


@pytest.fixture
def python_sigint() -> Iterator[None]:
    """Python's own SIGINT handler (the one update_statuses counts Ctrl-C presses under)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def test_each_worker_runs_in_a_daemon_thread_with_the_callers_context() -> None:
    fake = FakeHubSpot()
    updates = outgoing(fake, 12)
    seen: list[tuple[str, bool]] = []
    lock = threading.Lock()

    class Recording(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            with lock:
                seen.append((CALLER.get(), threading.current_thread().daemon))
            return fake.transport().handle_request(request)

    token = CALLER.set("the report job")
    try:
        with capture_responses() as responses:
            results = client_over(fake, Recording()).messages.update_statuses(updates, concurrency=4)
    finally:
        CALLER.reset(token)
    assert all(result.ok for result in results)
    assert seen == [("the report job", True)] * 12
    assert len(responses) == 12  # the caller's capture_responses() block sees the workers' answers


def test_a_second_ctrl_c_while_the_first_is_still_on_its_way_stops_waiting(
    monkeypatch: pytest.MonkeyPatch, python_sigint: None
) -> None:
    fake = FakeHubSpot()
    updates = outgoing(fake, 3)
    transport = Stalled(fake.transport())

    def two_presses(self: bulk_workers.Workers, count: int) -> None:
        transport.wait_for(3)  # every update is in flight
        on_sigint = signal.getsignal(signal.SIGINT)
        assert callable(on_sigint)
        try:
            on_sigint(signal.SIGINT, None)  # the first Ctrl-C: KeyboardInterrupt ...
        finally:
            on_sigint(signal.SIGINT, None)  # ... and the second lands before it reached update_statuses

    monkeypatch.setattr(bulk_workers.Workers, "wait_ended", two_presses)
    try:
        with pytest.raises(BulkUpdateInterrupted) as caught:
            client_over(fake, transport).messages.update_statuses(updates, concurrency=3)
    finally:
        transport.release.set()
    stopped = caught.value
    assert stopped.completed == [] and stopped.pending == updates  # it did not wait for the three in flight
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # restored


def test_a_second_real_ctrl_c_in_the_wait_for_the_updates_in_flight_stops_it(
    monkeypatch: pytest.MonkeyPatch, python_sigint: None
) -> None:
    fake = FakeHubSpot()
    updates = outgoing(fake, 3)
    transport = Stalled(fake.transport())
    main = threading.main_thread().ident
    assert main is not None
    waiting = threading.Event()
    finish_in_flight = bulk_workers.Workers.finish_in_flight

    def observed(self: bulk_workers.Workers) -> None:
        waiting.set()
        finish_in_flight(self)

    def presses() -> None:
        transport.wait_for(3)
        signal.pthread_kill(main, signal.SIGINT)
        if waiting.wait(timeout=GENEROUS):  # the first was handled: the caller waits for the three
            signal.pthread_kill(main, signal.SIGINT)

    monkeypatch.setattr(bulk_workers.Workers, "finish_in_flight", observed)
    presser = threading.Thread(target=presses, daemon=True)
    presser.start()
    try:
        with pytest.raises(BulkUpdateInterrupted) as caught:
            client_over(fake, transport).messages.update_statuses(updates, concurrency=3)
    finally:
        transport.release.set()
        presser.join(timeout=GENEROUS)
    assert caught.value.completed == [] and caught.value.pending == updates


CHILD = textwrap.dedent(
    """
    import signal, sys
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when the test runner ignores SIGINT
    from hubspot_channels import BulkUpdateInterrupted, CustomChannelsClient, StatusUpdate

    client = CustomChannelsClient(access_token="test-token", base_url=sys.argv[1], timeout=600, max_retries=0)
    updates = [StatusUpdate("123", f"message-{n}", "READ") for n in range(3)]
    try:
        client.messages.update_statuses(updates, concurrency=3)
    except BulkUpdateInterrupted as stopped:
        print(f"completed {len(stopped.completed)} pending {len(stopped.pending)}", flush=True)
        sys.exit(130)
    """
)


class SilentServer:
    """Accepts connections and reads their requests, never answers; counts the requests received."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.requests = threading.Semaphore(0)
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connections.append(connection)
            threading.Thread(target=self._read, args=(connection,), daemon=True).start()

    def _read(self, connection: socket.socket) -> None:
        try:
            if connection.recv(65536):
                self.requests.release()
        except OSError:
            pass

    def close(self) -> None:
        self.listener.close()
        for connection in self.connections:
            connection.close()


@pytest.mark.subprocess
def test_two_ctrl_c_end_the_process_although_requests_are_in_flight() -> None:
    server = SilentServer()
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD, server.url], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        for _ in range(3):
            assert server.requests.acquire(timeout=GENEROUS), "the three updates never reached the server"
        process.send_signal(signal.SIGINT)
        time.sleep(1)  # two presses, not one: signals sent together would be delivered as one
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=GENEROUS)  # not the 600 s of the requests in flight
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        server.close()
    assert process.returncode == 130, stderr
    assert stdout.strip() == "completed 0 pending 3"
    assert "Traceback" not in stderr
