"""Keeping secrets out of everything the package produces: messages, error bodies, log lines, chains.

HubSpot's answers are outside our control (a gateway page may quote the request line, ``?hapikey=...``
included), so every text the package builds from one is scrubbed of the secrets it knows: each client
registers its credentials here, and staging tokens are recognised by their place in the URL.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import urllib.parse
from collections import OrderedDict
from collections.abc import Iterable

import httpx

MASK = "***"
MAX_REGISTERED = (
    4096  # short-lived secrets remembered (many portals' access tokens); the oldest forgotten first
)
_MIN_LENGTH = 4  # shorter values would mask ordinary words and numbers

_HAPIKEY = re.compile(r"(hapikey=)[^&\s\"'<>]+", re.IGNORECASE)
_STAGING_TOKEN_SEGMENT = re.compile(r"(/channel-account-staging-tokens/)[^/?#\s\"'<>]+")

_lock = threading.Lock()
# Long-lived secrets (client secrets, developer keys, static tokens, refresh tokens in use): never forgotten.
_pinned: set[str] = set()
# Short-lived ones (refreshed access tokens, rotated-out refresh tokens, staging tokens): the newest kept.
_recent: OrderedDict[str, None] = OrderedDict()
# What scrub() reads, rebuilt (O(n), no regex compiled) by the first scrub after a change: every form, and
# the same by its first _MIN_LENGTH characters, so that a text is checked against the few secrets that could
# start somewhere in it rather than against each of thousands.
_snapshot: tuple[tuple[str, ...], dict[str, tuple[str, ...]]] | None = ((), {})
_FEW = 64  # up to this many secrets, a substring test each is faster than indexing the text


def _forms(values: Iterable[str | None]) -> dict[str, None]:
    """Each value's spellings, in the order given (the oldest of a batch is forgotten first)."""
    return dict.fromkeys(
        form
        for value in values
        if value and len(value) >= _MIN_LENGTH
        for form in (value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value))
    )


def register(values: Iterable[str | None], *, pinned: bool = False) -> None:
    """Remember secret values (and their percent-encoded forms) so that every scrub masks them. ``pinned``:
    a long-lived secret, never forgotten (until ``unpin``); the others go when ``MAX_REGISTERED`` newer
    ones came after them. O(1) per value: nothing is compiled here."""
    global _snapshot
    forms = _forms(values)
    if not forms:
        return
    with _lock:
        if pinned:
            added = forms.keys() - _pinned
            _pinned.update(added)
            for form in added:
                _recent.pop(form, None)
        else:
            added = {form for form in forms if form not in _pinned and form not in _recent}
            for form in forms:
                if form in _pinned:
                    continue
                _recent[form] = None
                _recent.move_to_end(form)
            while len(_recent) > MAX_REGISTERED:
                _recent.popitem(last=False)
                added.add("")  # something was forgotten: the snapshot changes too
        if added:
            _snapshot = None


def unpin(values: Iterable[str | None]) -> None:
    """Values no longer long-lived (a refresh token that was rotated out): still masked, but forgettable."""
    global _snapshot
    forms = _forms(values)
    with _lock:
        moved = forms.keys() & _pinned
        if not moved:
            return
        _pinned.difference_update(moved)
        for form in moved:
            _recent[form] = None
        while len(_recent) > MAX_REGISTERED:
            _recent.popitem(last=False)
        _snapshot = None


def _secrets_in(text: str) -> list[str]:
    global _snapshot
    snapshot = _snapshot
    if snapshot is None:
        with _lock:
            every = (*_pinned, *_recent)
            by_head: dict[str, list[str]] = {}
            for secret in every:
                by_head.setdefault(secret[:_MIN_LENGTH], []).append(secret)
            snapshot = _snapshot = (every, {head: tuple(group) for head, group in by_head.items()})
    every, heads = snapshot
    if len(every) <= _FEW:
        return [secret for secret in every if secret in text]
    starts = {text[i : i + _MIN_LENGTH] for i in range(len(text) - _MIN_LENGTH + 1)}
    return [secret for head in starts & heads.keys() for secret in heads[head] if secret in text]


def scrub(text: str) -> str:
    """text with every registered secret, API key query value and staging token masked."""
    # Where a secret sits first (a registered value could mask part of "hapikey=" or of the path), then
    # the registered values wherever they are.
    if "hapikey" in text.lower():
        text = _HAPIKEY.sub(r"\1" + MASK, text)
    if "/channel-account-staging-tokens/" in text:
        text = _STAGING_TOKEN_SEGMENT.sub(r"\1" + MASK, text)
    found = _secrets_in(text)
    if found:
        found.sort(key=len, reverse=True)  # longest first: a secret may contain another
        for secret in found:
            text = text.replace(secret, MASK)
    return text


def contains_secret(text: str) -> bool:
    return scrub(text) != text


def scrub_value(value: object) -> object:
    """JSON-like data with every string scrubbed (keys included)."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, dict):
        return {scrub_value(key): scrub_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub_value(item) for item in value]
    return value


def chain_leaks(exc: BaseException | None) -> bool:
    """Whether any exception in exc's cause/context chain would print a secret in a traceback."""
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if contains_secret(str(exc)) or contains_secret(repr(exc.args)):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def response(original: httpx.Response) -> httpx.Response:
    """The response itself when it holds no secret, else a copy with body, headers and URL scrubbed: safe to
    keep on an exception (``capture_responses()`` still gives the raw one)."""
    text = original.text if original.content else ""
    headers = list(original.headers.items())
    request = original.request if _has_request(original) else None
    url = str(request.url) if request is not None else ""
    clean_text, clean_url = _scrub_body(text), scrub(url)
    clean_headers = [(name, scrub(value)) for name, value in headers]
    if clean_text == text and clean_url == url and clean_headers == headers:
        return original
    kept = [(name, value) for name, value in clean_headers if name.lower() not in _BODY_HEADERS]
    return httpx.Response(
        original.status_code,
        headers=kept,
        content=clean_text.encode(original.encoding or "utf-8", "replace"),
        request=httpx.Request(request.method, clean_url) if request is not None else None,
    )


def _scrub_body(text: str) -> str:
    """The text scrubbed; a JSON body also value by value, since JSON may spell a secret with escapes
    (\\u002d for "-", \\/ for "/") that a scrub of the raw text cannot see. A body that is not valid JSON
    (truncated) or that percent-encodes is checked in its unescaped spelling too; when that shows a secret,
    the unescaped text, scrubbed, replaces it."""
    clean = scrub(text)
    if clean.lstrip().startswith(("{", "[", '"')):
        try:
            data = json.loads(clean)
        except (ValueError, RecursionError):
            pass
        else:
            scrubbed = scrub_value(data)
            return clean if scrubbed == data else json.dumps(scrubbed)
    for unescape in (_json_unescaped, _percent_unescaped):
        plain = unescape(clean)
        if plain != clean and contains_secret(plain):
            clean = scrub(plain)
    return clean


# Runs of escapes, decoded a run at a time in C (json, bytes.fromhex): linear, and a body full of lone "%"
# or backslashes matches nothing.
_JSON_ESCAPES = re.compile(r"(?:\\u[0-9a-fA-F]{4}|\\/)+")
_PERCENT_ESCAPES = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def _json_unescaped(text: str) -> str:
    if "\\" not in text:
        return text

    def decode(run: re.Match[str]) -> str:
        try:
            decoded: str = json.loads(f'"{run.group()}"')
        except ValueError:  # a lone surrogate escape, say
            return run.group()
        return decoded

    return _JSON_ESCAPES.sub(decode, text)


def _percent_unescaped(text: str) -> str:
    if "%" not in text:
        return text
    return _PERCENT_ESCAPES.sub(
        lambda run: bytes.fromhex(run.group().replace("%", "")).decode("utf-8", "replace"), text
    )


_BODY_HEADERS = frozenset({"content-length", "content-encoding", "transfer-encoding"})


def _has_request(original: httpx.Response) -> bool:
    try:
        original.request  # noqa: B018 - raises RuntimeError when the response was built without one
    except RuntimeError:
        return False
    return True


class ScrubLogRecords(logging.Filter):
    """Masks secrets in the records of the HTTP libraries our requests go through (see ``LOGGERS``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken record is the logging module's to report, not ours
            return True
        clean = scrub(message)
        if clean != message:
            record.msg, record.args = clean, None
        return True


# What the HTTP libraries log about a request of ours (httpx 0.28, httpcore 1.0):
# - httpx, INFO: 'HTTP Request: PATCH <full URL> "HTTP/1.1 200 OK"'. The URL is the one way a secret of ours
#   reaches another library's log: HubSpot takes the developer API key only as the ``hapikey`` query
#   parameter, and a staging token is a path segment.
# - httpcore, DEBUG: host, port, TLS and timing events, never the URL nor a request header (the bearer token
#   never reaches any log), but the response headers and protocol errors as the server sent them, which
#   quote a secret when a gateway echoes the request.
# Neither can be kept out of the request, so those loggers (and only those) get the masking filter, when the
# first client is built, never at import. Our own logger gets none: our messages are built from scrubbed
# text where we log (the engine logs the path, scrubbed, never the query).
LOGGERS = (
    "httpx",
    "httpcore.connection",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
)


_installed = False


def install_log_filters() -> None:
    """Put the masking filter on the HTTP libraries' loggers (``LOGGERS``); called when the first client is
    built, so importing the package leaves other libraries' loggers alone. Idempotent: one filter a logger."""
    global _installed
    if _installed:
        return
    _installed = True
    for name in LOGGERS:
        target = logging.getLogger(name)
        if not any(isinstance(existing, ScrubLogRecords) for existing in target.filters):
            target.addFilter(ScrubLogRecords())
