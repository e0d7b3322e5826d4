"""Scripted faults: what a test wants the next request(s) of an operation to suffer.

A fault is consumed by a matching request before authentication or validation, like a failure
in HubSpot's gateway, and a faulted request never reaches the state (only a bare `delay`, which
slows a real answer, does). A fault targets an operation (of every version) or "*", and may narrow
that to one API version and/or a path pattern (fnmatch: `*` also matches "/").
"""

from __future__ import annotations

import fnmatch
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from ._http import JSON_CONTENT_TYPE, Outgoing, correlation_id, dumps, rate_limit_body

ANY = "*"
DropKind = Literal["protocol", "read"]
MalformedKind = Literal["json", "html"]

_HTML_STATUS_TEXT = {502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout"}


@dataclass(frozen=True, slots=True)
class Fault:
    """One scripted failure; see `FaultQueue.add`."""

    operation: str
    status: int | None = None
    retry_after: float | None = None
    delay: float = 0.0
    drop: DropKind | None = None
    malformed: MalformedKind | None = None
    body: bytes | None = None
    content_type: str | None = None
    path: str | None = None  # an fnmatch pattern of the request path; None: any
    version: str | None = None  # an API version; None: any

    def matches(self, path: str, version: str | None) -> bool:
        return (self.version is None or self.version == version) and (
            self.path is None or fnmatch.fnmatchcase(path, self.path)
        )

    def to_json(self) -> dict[str, Any]:
        """The fault as the control API shows it (camelCase, unset fields left out)."""
        out: dict[str, Any] = {"operation": self.operation}
        for key, value in (
            ("path", self.path),
            ("version", self.version),
            ("status", self.status),
            ("retryAfter", self.retry_after),
            ("delay", self.delay or None),
            ("drop", self.drop),
            ("malformed", self.malformed),
            ("body", self.body.decode("utf-8", "replace") if self.body is not None else None),
            ("contentType", self.content_type),
        ):
            if value is not None:
                out[key] = value
        return out

    @property
    def processes_request(self) -> bool:
        """True for a pure delay: the request is answered normally, only late."""
        return self.status is None and self.drop is None and self.malformed is None and self.body is None

    def response(self, rate_headers: list[tuple[str, str]]) -> Outgoing:
        if self.drop is not None:
            return Outgoing(0, drop=self.drop)
        if self.malformed is not None or (self.body is not None and self.status is None):
            status = self.status or 200
        else:
            status = self.status or 500
        headers: list[tuple[str, str]] = []
        if self.body is not None:
            body, ctype = self.body, self.content_type or "application/octet-stream"
        elif self.malformed == "json":
            # Cut off mid-object, as a truncated proxy response would be.
            body, ctype = b'{"id":"1","name":"truncated', JSON_CONTENT_TYPE
        elif self.malformed == "html" or status in _HTML_STATUS_TEXT:
            text = _HTML_STATUS_TEXT.get(status, "OK")
            body, ctype = f"<html><body><h1>{status} {text}</h1></body></html>".encode(), "text/html"
        elif status == 429:
            body, ctype = dumps(rate_limit_body()), JSON_CONTENT_TYPE
        else:
            body = dumps(
                {
                    "status": "error",
                    "message": "internal error",
                    "correlationId": correlation_id(),
                    "category": "INTERNAL_ERROR" if status >= 500 else "VALIDATION_ERROR",
                }
            )
            ctype = JSON_CONTENT_TYPE
        headers.append(("Content-Type", ctype))
        if status == 429:
            headers.extend((k, "0") if k.endswith("-Remaining") else (k, v) for k, v in rate_headers)
        else:
            headers.extend(rate_headers)
        if self.retry_after is not None:
            seconds = self.retry_after
            headers.append(
                ("Retry-After", str(int(seconds)) if float(seconds).is_integer() else str(seconds))
            )
        return Outgoing(status, headers, body)


@dataclass(slots=True)
class _Entry:
    fault: Fault
    remaining: int | None  # None: until cleared


class FaultQueue:
    """Faults queued per operation name (or "*" for any); the oldest matching one fires first."""

    def __init__(self, operation_names: Iterable[str] | Callable[[], Iterable[str]]) -> None:
        # A callable is read on each add: routes added to the fake later (an OAuth token endpoint) count.
        self._names = operation_names
        self._queues: dict[str, deque[_Entry]] = {}
        self._lock = threading.Lock()

    def add(
        self,
        operation: str = ANY,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        delay: float = 0.0,
        drop: DropKind | bool | None = None,
        malformed: MalformedKind | None = None,
        body: bytes | str | None = None,
        content_type: str | None = None,
        times: int | None = 1,
        path: str | None = None,
        version: str | None = None,
    ) -> Fault:
        """Queue a fault for the next `times` requests of `operation` (None: every one), of any version
        or only `version`, on any path or only on those matching `path` (fnmatch, e.g. "*/2026-09/*").

        status: answer with it (429 gets HubSpot's rate-limit body and headers, 502/503/504 an
        HTML page, others a JSON error). retry_after: Retry-After seconds. delay: seconds
        before answering. drop: close the connection without answering ("protocol":
        httpx.RemoteProtocolError in-process, "read": httpx.ReadError; True means "protocol").
        malformed: a 200 whose body is broken JSON or an HTML page. body: exact bytes.
        """
        names = frozenset(self._names() if callable(self._names) else self._names)
        if operation != ANY and operation not in names:
            raise ValueError(f"unknown operation {operation!r}; one of {sorted(names)} or {ANY!r}")
        if version is not None:
            from ._spec import VERSIONS_SERVED

            if version not in VERSIONS_SERVED:
                raise ValueError(f"unknown API version {version!r}; one of {list(VERSIONS_SERVED)}")
        if isinstance(times, bool) or (times is not None and not isinstance(times, int)):
            raise TypeError(f"times must be a whole number or None, got {times!r}")
        if times is not None and times < 1:
            raise ValueError("times must be at least 1 (or None for unlimited)")
        if status == 429 and retry_after is None:
            retry_after = 1
        fault = Fault(
            operation=operation,
            status=status,
            retry_after=retry_after,
            delay=delay,
            drop="protocol" if drop is True else (drop or None),
            malformed=malformed,
            body=body.encode() if isinstance(body, str) else body,
            content_type=content_type,
            path=path,
            version=version,
        )
        with self._lock:
            self._queues.setdefault(operation, deque()).append(_Entry(fault, times))
        return fault

    def rate_limit(self, operation: str = ANY, *, retry_after: float = 1, times: int | None = 1) -> Fault:
        return self.add(operation, status=429, retry_after=retry_after, times=times)

    def server_error(self, operation: str = ANY, *, status: int = 503, times: int | None = 1) -> Fault:
        return self.add(operation, status=status, times=times)

    def slow(self, operation: str = ANY, *, delay: float, times: int | None = 1) -> Fault:
        return self.add(operation, delay=delay, times=times)

    def disconnect(
        self, operation: str = ANY, *, kind: DropKind = "protocol", times: int | None = 1
    ) -> Fault:
        return self.add(operation, drop=kind, times=times)

    def malformed_body(
        self, operation: str = ANY, *, kind: MalformedKind = "json", times: int | None = 1
    ) -> Fault:
        return self.add(operation, malformed=kind, times=times)

    def take(self, operation: str, *, path: str = "", version: str | None = None) -> Fault | None:
        """Consume the fault for this request, if one matches: the operation's own first, oldest first."""
        with self._lock:
            for name in (operation, ANY):
                queue = self._queues.get(name)
                entry = next((e for e in queue or () if e.fault.matches(path, version)), None)
                if entry is None:
                    continue
                if entry.remaining is not None:
                    entry.remaining -= 1
                    if entry.remaining == 0:
                        assert queue is not None
                        queue.remove(entry)
                return entry.fault
        return None

    def scheduled(self) -> list[tuple[Fault, int | None]]:
        """Every queued fault and how many requests it still applies to (None: until cleared)."""
        with self._lock:
            return [(e.fault, e.remaining) for queue in self._queues.values() for e in queue]

    def pending(self, operation: str | None = None) -> int:
        """How many faulted requests are still scripted (unlimited ones count once)."""
        with self._lock:
            names = self._queues if operation is None else [operation]
            return sum(e.remaining or 1 for n in names for e in self._queues.get(n, ()))

    def clear(self, operation: str | None = None) -> None:
        with self._lock:
            if operation is None:
                self._queues.clear()
            else:
                self._queues.pop(operation, None)
