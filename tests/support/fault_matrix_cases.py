"""The rows and columns of the fault matrix (tests/test_fault_matrix.py): the operation kinds, the faults, and
what each cell must end in. No tests here, only data."""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from hubspot_channels import (
    INITIAL_RETRY_DELAY,
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    BadRequestError,
    DeliveryIdentifier,
    HubSpotChannelsError,
    InternalServerError,
    MessageStatus,
    NotFoundError,
    PagingError,
    Participant,
    RateLimitError,
)
from tests.support.facade_helpers import account_json, channel_json, message_json, page_json
from tests.support.raw_server import (
    Reply,
    Script,
    Seen,
    answer,
    chunked_trickle,
    close_after_headers,
    close_before_answer,
    html_answer,
    json_answer,
    redirect,
    reset,
    reset_after_headers,
    stall,
    truncated,
)

MESSAGE_ID = "msg-3f2a9c"
IDEMPOTENCY_ID = "idem-fault-matrix-0001"
HUGE = 2 * 1024 * 1024  # bytes of text in a "huge body"
STALL_TIMEOUT = 0.15  # the client's timeout when a stall is followed by a good answer (which must fit)
NEVER_TIMEOUT = 0.1  # the client's timeout when nothing good ever comes; the server stalls far longer
BACKOFF_1 = (INITIAL_RETRY_DELAY / 2, INITIAL_RETRY_DELAY)  # full jitter around the first backoff
BACKOFF_2 = (INITIAL_RETRY_DELAY, INITIAL_RETRY_DELAY * 2)
NOW = (0.0, 0.0)
DEEP_JSON = "[" * 5000 + "]" * 5000
PHONE = DeliveryIdentifier("HS_PHONE_NUMBER", "+15550001")
VISITOR = DeliveryIdentifier("HS_PHONE_NUMBER", "+15550002")
RATE_LIMITED = {
    "status": "error",
    "message": "You have reached your secondly limit.",
    "errorType": "RATE_LIMIT",
}
NOT_FOUND = {"status": "error", "message": "Channel 1200 does not exist", "category": "OBJECT_NOT_FOUND"}


# --- operation kinds ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Op:
    """One operation kind. ``before``: replies served before the faulted request (a list's first page, so
    the fault hits the pager mid-way); ``good(overrides)``: the faulted request's success body (None: 204);
    ``check(result, overrides)``: the result is the right one."""

    name: str
    method: str
    invoke: Callable[[Any], Any]
    good: Callable[[dict[str, Any]], Any]
    check: Callable[[Any, dict[str, Any]], None]
    kind: str  # "message", "list" or "delete"
    text_field: str = "text"  # where a huge string goes
    before: tuple[Reply, ...] = ()


def _check_message(status: MessageStatus) -> Callable[[Any, dict[str, Any]], None]:
    def check(message: Any, overrides: dict[str, Any]) -> None:
        assert message.id == MESSAGE_ID and message.channel_id == "1200"
        assert message.channel_account_id == "555001"
        assert message.status == status
        assert message.text == overrides.get("text", "Your parcel has shipped")

    return check


def _message_body(status: dict[str, Any]) -> Callable[[dict[str, Any]], Any]:
    return lambda overrides: message_json(status=status, **overrides)


def _check_pages(
    ids: list[str], key: str, values: list[Any], authorized: list[bool] | None = None
) -> Callable[[Any, dict[str, Any]], None]:
    def check(items: Any, overrides: dict[str, Any]) -> None:
        assert [item.id for item in items] == ids
        expected = values[:-1] + [overrides.get(key, values[-1])]
        assert [getattr(item, key) for item in items] == expected
        if authorized is not None:
            assert [item.authorized for item in items] == authorized

    return check


def _publish(client: Any) -> Any:
    return client.messages.publish(
        1200, channel_account_id=555001, text="Your parcel has shipped", senders=[Participant(PHONE)],
        recipients=[Participant(VISITOR)], idempotency_id=IDEMPOTENCY_ID,
    )  # fmt: skip


def _check_archived(result: Any, _overrides: dict[str, Any]) -> None:
    assert result is None


OPS = [
    Op(
        "update_message_status", "PATCH", lambda c: c.messages.update_status(1200, MESSAGE_ID, "SENT"),
        _message_body({"statusType": "SENT"}), _check_message(MessageStatus.SENT), "message",
    ),
    Op("publish", "POST", _publish, _message_body({"statusType": "SENT"}), _check_message(MessageStatus.SENT), "message"),
    Op(
        "channels.list", "GET", lambda c: c.channels.list(limit=1),
        lambda o: page_json([channel_json(**{"id": "1201", "name": "Acme WhatsApp", **o})]),
        _check_pages(["1200", "1201"], "name", ["Acme SMS", "Acme WhatsApp"]), "list", "name",
        before=(json_answer(page_json([channel_json()], after="cursor-B")),),
    ),
    Op(
        "channel_accounts.list", "GET", lambda c: c.channel_accounts.list(1200, limit=1),
        lambda o: page_json([account_json(**{"id": "555002", "name": "Sales line", "authorized": False, **o})]),
        _check_pages(["555001", "555002"], "name", ["Support line", "Sales line"], [True, False]), "list", "name",
        before=(json_answer(page_json([account_json()], after="cursor-B")),),
    ),
    Op(
        "channels.archive", "DELETE", lambda c: c.channels.archive(1200),
        lambda o: o or None, _check_archived, "delete", "pad",
    ),
]  # fmt: skip


# --- expectations and faults --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    """How a cell must end: ``error`` None means recovered (then ``overrides`` say what the result holds);
    ``attempts``: requests the server saw in the whole call; ``sleeps``: the engine's backoff waits, each
    within its (low, high) range."""

    attempts: int
    error: type[HubSpotChannelsError] | None = None
    sleeps: tuple[tuple[float, float], ...] = ()
    overrides: dict[str, Any] = field(default_factory=dict)
    about: Callable[[Any], None] | None = None


@dataclass(frozen=True)
class Fault:
    """``build(op, elsewhere_url)`` gives the server's script for the cell and the expectation."""

    name: str
    build: Callable[[Op, str], tuple[Script, Expect]]
    applies: Callable[[Op], bool] = lambda op: True
    options: dict[str, Any] = field(default_factory=dict)  # client.with_options(...) for the cell


def good(op: Op, overrides: dict[str, Any] | None = None, status: int | None = None) -> Reply:
    body = op.good(overrides or {})
    return answer(status or 204) if body is None else json_answer(body, status or 200)


def _http_date(seconds_from_now: float) -> str:
    return email.utils.format_datetime(
        dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds_from_now), usegmt=True
    )


def recovers(
    name: str, fault: Callable[[Op], Reply], sleep: tuple[float, float] = BACKOFF_1, **options: Any
) -> Fault:
    """One faulty answer, then the right one: retried once, the result is right."""

    def build(op: Op, _elsewhere: str) -> tuple[Script, Expect]:
        before = len(op.before)
        return [*op.before, fault(op), good(op)], Expect(before + 2, sleeps=(sleep,))

    return Fault(name, build, options=options)


def fails(
    name: str,
    replies: Callable[[Op], list[Reply]],
    error: type[HubSpotChannelsError] | Callable[[Op], type[HubSpotChannelsError] | None],
    attempts: int = 1,
    sleeps: tuple[tuple[float, float], ...] = (),
    about: Callable[[Any], None] | None = None,
    applies: Callable[[Op], bool] = lambda op: True,
    **options: Any,
) -> Fault:
    """The call ends in one typed error (or, where ``error(op)`` is None, recovers) after ``attempts``."""

    def build(op: Op, _elsewhere: str) -> tuple[Script, Expect]:
        expected = error if isinstance(error, type) else error(op)
        script = [*op.before, *replies(op)]
        return script, Expect(len(op.before) + attempts, expected, sleeps, about=about)

    return Fault(name, build, applies, options)


def _validation_unless_delete(op: Op) -> type[HubSpotChannelsError] | None:
    return None if op.kind == "delete" else APIResponseValidationError


def _is(kind: str) -> Callable[[Op], bool]:
    return lambda op: op.kind == kind


def _not(kind: str) -> Callable[[Op], bool]:
    return lambda op: op.kind != kind


def _names(field_name: str) -> Callable[[Any], None]:
    def about(error: Any) -> None:
        assert field_name in str(error), f"the error does not name {field_name!r}: {error}"

    return about


def _retry_after(expected: float) -> Callable[[Any], None]:
    def about(error: Any) -> None:
        assert error.retry_after == expected

    return about


def _short_message_raw_body(raw: str) -> Callable[[Any], None]:
    def about(error: Any) -> None:
        assert len(str(error)) < 1000
        assert error.body == raw

    return about


def _status(code: int) -> Callable[[Any], None]:
    def about(error: Any) -> None:
        assert error.status_code == code

    return about


def _huge(op: Op, status: int = 200) -> tuple[Script, Expect]:
    overrides = {op.text_field: "x" * HUGE}
    return [*op.before, good(op, overrides, status)], Expect(len(op.before) + 1, overrides=overrides)


def _with_body(op: Op) -> Reply:
    """The success answer with a body to trickle (a 204 has none: archive answers a 200 with JSON instead)."""
    return good(op, {"pad": "ok"} if op.kind == "delete" else {})


def _repeating_cursor(op: Op, _elsewhere: str) -> tuple[Script, Expect]:
    """A -> B -> A: the pager must notice the cursor it already followed instead of looping forever."""
    item = channel_json if op.name == "channels.list" else account_json
    next_cursor = {None: "cursor-A", "cursor-A": "cursor-B", "cursor-B": "cursor-A"}
    served = [0]

    def script(seen: Seen) -> Reply:
        served[0] += 1
        if served[0] > 30:  # the pager is looping: end it with an error nobody expects, not a hang
            return html_answer(418, "loop guard of the fault matrix: the pager followed a repeated cursor")
        after = seen.query.get("after", [None])[0]
        return json_answer(
            page_json([item(id=str(1200 + served[0]))], after=next_cursor.get(after, "cursor-A"))
        )

    return script, Expect(3, PagingError)


def _redirect_to(where: str) -> Callable[[Op, str], tuple[Script, Expect]]:
    def build(op: Op, elsewhere: str) -> tuple[Script, Expect]:
        target = elsewhere if where == "elsewhere" else ""
        reply = redirect(f"{target}/moved/here", status=302 if where == "elsewhere" else 307)
        expect = Expect(len(op.before) + 1, APIStatusError, about=_status(reply.status))
        return [*op.before, reply], expect  # never followed: credentials stay with the configured host

    return build


HUGE_INT_LOCATION = {"attachments": [{"type": "LOCATION", "latitude": 10**400, "longitude": 2.35}]}
HUGE_HTML = "<html><body>" + "x" * HUGE + "</body></html>"

FAULTS = [
    recovers("429 Retry-After seconds", lambda op: json_answer(RATE_LIMITED, 429, {"Retry-After": "1"}), (1.0, 1.0)),
    recovers("429 Retry-After HTTP date", lambda op: json_answer(RATE_LIMITED, 429, {"Retry-After": _http_date(40)}), (1.0, 40.5)),
    recovers("429 Retry-After date in the past", lambda op: json_answer(RATE_LIMITED, 429, {"Retry-After": _http_date(-60)}), NOW),
    recovers("429 Retry-After missing", lambda op: json_answer(RATE_LIMITED, 429)),
    recovers("429 Retry-After garbage", lambda op: json_answer(RATE_LIMITED, 429, {"Retry-After": "soon, maybe"})),
    fails("429 Retry-After huge", lambda op: [json_answer(RATE_LIMITED, 429, {"Retry-After": "86400"})], RateLimitError, about=_retry_after(86400.0)),
    fails("429 Retry-After huge date", lambda op: [json_answer(RATE_LIMITED, 429, {"Retry-After": _http_date(86400)})], RateLimitError),
    fails("429 every time", lambda op: [json_answer(RATE_LIMITED, 429, {"Retry-After": "0"})], RateLimitError, 3, (NOW, NOW)),
    fails("500", lambda op: [json_answer({"status": "error", "message": "internal error"}, 500)], InternalServerError),
    recovers("502", lambda op: json_answer({"message": "bad gateway"}, 502)),
    recovers("503", lambda op: json_answer({"message": "unavailable"}, 503)),
    recovers("504", lambda op: answer(504)),
    fails("503 every time", lambda op: [answer(503)], InternalServerError, 3, (BACKOFF_1, BACKOFF_2), about=_status(503)),
    recovers("reset before the response", lambda op: reset()),
    recovers("closed before the response", lambda op: close_before_answer()),
    recovers("reset after the headers", lambda op: reset_after_headers()),
    recovers("closed after the headers", lambda op: close_after_headers()),
    recovers("truncated body", lambda op: truncated(json_answer(message_json()))),
    fails("reset every time, no retries", lambda op: [reset()], APIConnectionError, max_retries=0),
    recovers("stall beyond the timeout", lambda op: stall(3.0, good(op)), timeout=STALL_TIMEOUT),
    fails("stall every time, no retries", lambda op: [stall(3.0, good(op))], APITimeoutError, timeout=NEVER_TIMEOUT, max_retries=0),
    Fault("chunked trickle", lambda op, _: ([*op.before, chunked_trickle(_with_body(op))], Expect(len(op.before) + 1))),
    recovers("502 HTML page", lambda op: html_answer(502, "Bad gateway")),
    fails("500 HTML page", lambda op: [html_answer(500, "Internal error")], InternalServerError, about=lambda e: "<html>" in e.body),
    fails("HTML page on 200", lambda op: [html_answer(200, "Welcome")], APIResponseValidationError),
    fails("empty body on 200", lambda op: [answer(200)], _validation_unless_delete),
    fails("non-JSON 200", lambda op: [answer(200, "OK", {"Content-Type": "text/plain"})], APIResponseValidationError),
    fails("id null", lambda op: [good(op, {"id": None})], APIResponseValidationError, about=_names("id"), applies=_not("delete")),
    fails("id is an object", lambda op: [good(op, {"id": {"value": 1}})], APIResponseValidationError, about=_names("id"), applies=_not("delete")),
    fails(
        "authorized is the string 'false'", lambda op: [good(op, {"authorized": "false"})], APIResponseValidationError,
        about=_names("authorized"), applies=lambda op: op.name == "channel_accounts.list",
    ),
    Fault("undeclared 201 with the documented body", lambda op, _: ([*op.before, good(op, status=201)], Expect(len(op.before) + 1))),
    fails("undeclared 202 with an empty body", lambda op: [answer(202)], _validation_unless_delete),
    Fault("redirect to the same server", _redirect_to("same")),
    Fault("redirect elsewhere", _redirect_to("elsewhere")),
    Fault("huge body", lambda op, _: _huge(op)),
    fails("huge HTML error page", lambda op: [answer(500, HUGE_HTML, {"Content-Type": "text/html"})], InternalServerError, about=_short_message_raw_body(HUGE_HTML)),
    fails("5000-deep JSON on 200", lambda op: [answer(200, DEEP_JSON, {"Content-Type": "application/json"})], APIResponseValidationError),
    fails("5000-deep JSON on 400", lambda op: [answer(400, DEEP_JSON, {"Content-Type": "application/json"})], BadRequestError, about=_short_message_raw_body(DEEP_JSON)),
    fails("integer 10**400 in a LOCATION attachment", lambda op: [good(op, HUGE_INT_LOCATION)], APIResponseValidationError, applies=_is("message")),
    Fault("repeated cursor A-B-A", _repeating_cursor, _is("list")),
    # archive: "404 after a retry means done" only when the earlier attempt may have reached HubSpot
    fails("archive: 429 then 404", lambda op: [json_answer(RATE_LIMITED, 429, {"Retry-After": "0"}), json_answer(NOT_FOUND, 404)], NotFoundError, 2, (NOW,), applies=_is("delete")),
    fails("archive: 503 then 404", lambda op: [answer(503), json_answer(NOT_FOUND, 404)], NotFoundError, 2, (BACKOFF_1,), applies=_is("delete")),
    fails("archive: reset then 404", lambda op: [reset(), json_answer(NOT_FOUND, 404)], lambda op: None, 2, (BACKOFF_1,), applies=_is("delete")),
    fails("archive: 404", lambda op: [json_answer(NOT_FOUND, 404)], NotFoundError, applies=_is("delete")),
]  # fmt: skip


# --- which operations each fault runs on --------------------------------------------------------------------
# Every fault runs in every mode, but an operation only where the fault's handling differs by operation.
# A fault in the exchange (status, Retry-After, reset, stall, redirect, error page) goes through one retry
# loop: every operation here is idempotent, so what differs is the retry safety of the request (publish resends
# its idempotency id, a DELETE's 404 after a retry may mean done) and paging (a list's fault hits page 2, the
# pager must resume on page 1's cursor). update_message_status retries exactly like publish without its id,
# channel_accounts.list pages through the same pager as channels.list.
RETRY_KINDS = frozenset({"publish", "channels.list", "channels.archive"})
# A fault in a 2xx body is parsed by the operation's success model: the three message operations share one
# (PublicConversationsMessage, convert.message), each list has its own page model, archive has none. (get_message,
# a GET of that model, has no row: it retries like a list's GET and parses like update_message_status.)
BODY_KINDS = frozenset(
    {"update_message_status", "channels.list", "channel_accounts.list", "channels.archive"}
)
BODY_FAULTS = frozenset({
    "HTML page on 200", "empty body on 200", "non-JSON 200", "id null", "id is an object",
    "authorized is the string 'false'", "undeclared 201 with the documented body",
    "undeclared 202 with an empty body", "huge body", "5000-deep JSON on 200",
    "integer 10**400 in a LOCATION attachment",
})  # fmt: skip


def runs_on(fault: Fault, op: Op) -> bool:
    kinds = BODY_KINDS if fault.name in BODY_FAULTS else RETRY_KINDS
    return fault.applies(op) and op.name in kinds
