"""The secret-leak sweep, library side: every error kind (connection refused, timeout, 401, 5xx, a gateway
page echoing the request line, validation, non-JSON bodies) raised sync and async with DEBUG on every logger,
and no secret value (raw or URL-encoded, whole or a long piece of it) in str / repr / the formatted traceback
(with its __cause__ / __context__ chain) / .body / .response.text / any log line. The CLI side:
tests/test_secret_leaks_cli.py; credentials refused at construction: tests/test_secret_leaks_config.py."""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import socket
import traceback
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import quote, quote_plus

import pytest

from hubspot_channels import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncCustomChannelsClient,
    AsyncPager,
    AuthenticationError,
    BadRequestError,
    CustomChannelsClient,
    DeliveryIdentifier,
    HubSpotChannelsError,
    InternalServerError,
    RequestValidationError,
    SyncPager,
)
from hubspot_channels.transports import AiohttpClient
from tests.support.facade_helpers import record_sleeps
from tests.support.raw_server import RawServer, Reply, Seen, answer, html_answer, json_answer, stall

# Distinctive values; the staging token has characters that percent-encoding changes, so that its encoded
# form (as it travels in the URL path) is checked too. The app id is not a credential (HubSpot shows it in
# every app's URLs), so it is not swept.
SECRETS = {
    "access token": "pat-na1-LEAKY-t0ken-9c4e1f",
    "developer API key": "devkey-LEAKY-k3y-51ab7e",
    "staging token": "stg:LEAKY+st4ging@77d0",
}
TOKEN, DEV_KEY, STAGING = SECRETS.values()
APP_ID = "90817263"
PIECE = 12  # a piece of a secret this long counts as a leak (a snippet cut through the middle)
PHONE = DeliveryIdentifier("HS_PHONE_NUMBER", "+15550001")


# --- finding leaks ------------------------------------------------------------------------------------------


def _forms(value: str) -> set[str]:
    forms = {value, quote(value, safe=""), quote_plus(value), quote(value)}
    if len(value) > PIECE:
        forms |= {value[start : start + PIECE] for start in range(len(value) - PIECE + 1)}
    return forms


FORMS = {name: _forms(value) for name, value in SECRETS.items()}


def leaks_in(text: str) -> list[str]:
    """Which secrets text shows (any form)."""
    return [name for name, forms in FORMS.items() if any(form in text for form in forms)]


def masked(text: str) -> str:
    """text with every form of every secret replaced by its name: failure messages never show one."""
    for name, forms in FORMS.items():
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, f"<{name}>")
    return text


def exception_texts(error: BaseException) -> Iterator[tuple[str, str]]:
    """(where, text) for everything an exception shows: its chain, bodies, and the formatted traceback."""
    yield "traceback", "".join(traceback.format_exception(error))
    seen: BaseException | None = error
    depth = 0
    while seen is not None and depth < 20:
        label = f"{type(seen).__name__} (chain {depth})"
        yield f"str {label}", str(seen)
        yield f"repr {label}", repr(seen)
        yield f"args {label}", repr(seen.args)
        body = getattr(seen, "body", None)
        if body is not None:
            yield f".body {label}", body if isinstance(body, str) else repr(body)
        response = getattr(seen, "response", None)
        text = getattr(response, "text", None)
        if isinstance(text, str):
            yield f".response.text {label}", text
        seen = seen.__cause__ or seen.__context__
        depth += 1


class AllRecords(logging.Handler):
    """Every record of every logger, formatted with its traceback, plus its raw args."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{self.format(record)} args={record.args!r} extra={record.__dict__!r}")


@contextlib.contextmanager
def all_loggers_at_debug(caplog: pytest.LogCaptureFixture) -> Iterator[list[str]]:
    """Root at DEBUG with a capturing handler (and caplog's), every logger that exists (httpx, httpcore,
    asyncio, ...) at DEBUG; yields the list that receives every log line, caplog's text included."""
    caplog.set_level(logging.DEBUG)
    handler = AllRecords()
    root = logging.getLogger()
    loggers = [logging.getLogger(name) for name in ("httpx", "httpcore", "hubspot_channels", "asyncio")]
    loggers += [item for item in logging.root.manager.loggerDict.values() if isinstance(item, logging.Logger)]
    saved = [(logger, logger.level) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        if not logger.propagate:
            logger.addHandler(handler)
    root.addHandler(handler)
    try:
        yield handler.lines
    finally:
        root.removeHandler(handler)
        for logger, level in saved:
            logger.setLevel(level)
            logger.removeHandler(handler)
        handler.lines += [caplog.text, *(record.getMessage() for record in caplog.records)]
        caplog.clear()


def texts_of(error: BaseException | None, log_lines: list[str]) -> list[tuple[str, str]]:
    texts = list(exception_texts(error)) if error is not None else []
    return texts + [(f"a log line: {masked(line)[:160]!r}", line) for line in log_lines]


def assert_no_leak(texts: list[tuple[str, str]], secrets: Iterable[str] = SECRETS) -> None:
    wanted = set(secrets)
    found = [f"{', '.join(n for n in leaks_in(text) if n in wanted)} in {where}" for where, text in texts]
    found = [line for line in found if not line.startswith(" in ")]
    assert not found, "secret leaks:\n  " + "\n  ".join(dict.fromkeys(found))


# --- calls and error kinds ----------------------------------------------------------------------------------


def unused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def echo_gateway(status: int, kind: str) -> Callable[[Seen], Reply]:
    """A gateway error page quoting the request line (query string, staging token) and its headers."""

    def script(seen: Seen) -> Reply:
        line = f"{seen.method} {seen.target} HTTP/1.1"
        headers = "; ".join(f"{name}: {value}" for name, value in seen.headers.items())
        if kind == "html":
            return html_answer(status, f"Bad gateway for {line}<br>{headers}")
        if kind == "json":
            error = {"message": f"Invalid input for {line}", "in": seen.target, "code": "INVALID"}
            return json_answer(
                {"status": "error", "message": f"Bad request: {line}", "errors": [error]}, status
            )
        return answer(status, f"upstream said no to {line} ({headers})", {"Content-Type": "text/plain"})

    return script


# Operations carrying each secret: the bearer token (header), the developer key and app id (query string),
# the staging token (URL path, with the bearer token).
OPERATIONS: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any]]] = {
    "get_message": (
        lambda c: c.messages.get(1200, "msg-1"),
        lambda c: c.messages.update_status(1200, "msg-1", "DELIVERED"),
    ),
    "channels.list": (lambda c: c.channels.list(limit=10), lambda c: c.channels.list(limit=0)),
    "staging_tokens.update": (
        lambda c: c.staging_tokens.update(1200, STAGING, account_name="Support", delivery_identifier=PHONE),
        lambda c: c.staging_tokens.update(1200, STAGING),
    ),
}

# name: (script, or None for a port nobody listens on, or "invalid" for a call refused before sending;
# client options; expected error class)
KINDS: dict[str, tuple[Any, dict[str, Any], type[HubSpotChannelsError]]] = {
    "connection refused": (None, {"max_retries": 1}, APIConnectionError),
    "timeout": ([stall(2.0, answer(200, "{}"))], {"timeout": 0.2, "max_retries": 0}, APITimeoutError),
    "401": (
        [json_answer({"status": "error", "message": "Authentication credentials not found.", "category": "INVALID_AUTHENTICATION"}, 401)],
        {}, AuthenticationError,
    ),
    "503 after retries": ([json_answer({"message": "unavailable"}, 503, {"Retry-After": "0"})], {"max_retries": 1}, InternalServerError),
    "gateway 502 HTML echoing the request": (echo_gateway(502, "html"), {"max_retries": 0}, InternalServerError),
    "400 JSON echoing the request": (echo_gateway(400, "json"), {}, BadRequestError),
    "500 plain text echoing the request": (echo_gateway(500, "text"), {}, InternalServerError),
    "non-JSON 200 echoing the request": (echo_gateway(200, "html"), {}, APIResponseValidationError),
    "validation before sending": ("invalid", {}, RequestValidationError),
}  # fmt: skip


@pytest.fixture(scope="module")
def server() -> Iterator[RawServer]:
    with RawServer() as raw:
        yield raw


def client_kwargs(base_url: str, options: dict[str, Any]) -> dict[str, Any]:
    return {
        "access_token": TOKEN,
        "developer_api_key": DEV_KEY,
        "app_id": APP_ID,
        "base_url": base_url,
        **options,
    }


def raise_error(
    mode: str, base_url: str, call: Callable[[Any], Any], options: dict[str, Any]
) -> BaseException | None:
    """Make the call; the exception it raised (None when it succeeded)."""
    if mode == "sync":
        with CustomChannelsClient(**client_kwargs(base_url, options)) as client:
            try:
                result = call(client)
                if isinstance(result, SyncPager):
                    list(result)
            except Exception as exc:  # noqa: BLE001  (any exception is searched for secrets)
                return exc
        return None

    async def run() -> BaseException | None:
        own = {"http_client": AiohttpClient()} if mode == "aiohttp-native" else {}
        async with AsyncCustomChannelsClient(**client_kwargs(base_url, options), **own) as client:
            try:
                result = call(client)
                if isinstance(result, AsyncPager):
                    result = [item async for item in result]
                elif inspect.isawaitable(result):
                    await result
            except Exception as exc:  # noqa: BLE001
                return exc
            finally:
                if own:
                    await own["http_client"].aclose()
        return None

    return asyncio.run(asyncio.wait_for(run(), 20))


Observed = tuple[BaseException | None, list[tuple[str, str]]]
_observed: dict[tuple[str, str, str], Observed] = {}  # each call is made once, then judged per secret


def observe(
    kind: str, operation: str, mode: str, server: RawServer, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> Observed:  # fmt: skip
    key = (kind, operation, mode)
    if key not in _observed:
        record_sleeps(monkeypatch)  # backoff is recorded, not waited
        script, options, _expected = KINDS[kind]
        valid, invalid = OPERATIONS[operation]
        base_url = server.base_url
        if script is None:
            base_url = f"http://127.0.0.1:{unused_port()}"
        elif script != "invalid":
            server.play(script)
        with all_loggers_at_debug(caplog) as log_lines:
            error = raise_error(mode, base_url, invalid if script == "invalid" else valid, options)
        _observed[key] = (error, texts_of(error, log_lines))
    return _observed[key]


@pytest.mark.parametrize("secret", list(SECRETS))
@pytest.mark.parametrize("mode", ["sync", "async", "aiohttp-native"])
@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("kind", list(KINDS))
def test_no_secret_in_any_error_or_log_line(
    kind: str, operation: str, mode: str, secret: str, server: RawServer, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    error, texts = observe(kind, operation, mode, server, caplog, monkeypatch)

    expected = KINDS[kind][2]
    assert isinstance(error, expected), f"expected {expected.__name__}, got {error!r}"
    assert_no_leak(texts, [secret])


def test_the_sweep_finds_a_leak_when_there_is_one(caplog: pytest.LogCaptureFixture) -> None:
    """The detector itself: raw, encoded and cut secrets, in log lines and in exception bodies."""
    assert leaks_in(f"x {quote(STAGING, safe='')} y") == ["staging token"]
    assert leaks_in(f"...{TOKEN[5:20]}...") == ["access token"]
    with all_loggers_at_debug(caplog) as log_lines:
        logging.getLogger("tests.leak_probe").debug(
            "send %s", DEV_KEY
        )  # a logger the package does not filter
    with pytest.raises(AssertionError, match="developer API key in a log line"):
        assert_no_leak(texts_of(None, log_lines))
    error = InternalErrorWithBody(f"<p>{TOKEN}</p>")
    with pytest.raises(AssertionError, match="access token in .body"):
        assert_no_leak(texts_of(error, []))


class InternalErrorWithBody(Exception):
    def __init__(self, body: str) -> None:
        super().__init__("HTTP 502")
        self.body = body
