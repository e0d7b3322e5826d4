"""The outbox's order rule and its validation at enqueue: READ is terminal, before READ the latest report wins,
a repeat is dropped; a bad update raises the facade's RequestValidationError and stores nothing."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubspot_channels import MessageStatus, RequestValidationError, StatusUpdate
from hubspot_channels.outbox import Outbox, OutboxUpdate, accepts

SENT, FAILED, READ = MessageStatus.SENT, MessageStatus.FAILED, MessageStatus.READ


def update(status: MessageStatus, error: str | None = None) -> OutboxUpdate:
    if status is FAILED and error is None:
        error = "no route"
    return OutboxUpdate(1, "m-1", status, error)


@pytest.mark.parametrize(
    ("latest", "new", "queued"),
    [
        (None, SENT, True),
        (SENT, READ, True),
        (SENT, FAILED, True),  # accepted by the provider, then not delivered
        (FAILED, SENT, True),  # the integration retried and got through: FAILED is not terminal
        (FAILED, READ, True),
        (READ, SENT, False),  # a late SENT after READ is not sent
        (READ, FAILED, False),
        (READ, READ, False),
        (SENT, SENT, False),  # a repeat changes nothing
    ],
)
def test_the_order_rule(latest: MessageStatus | None, new: MessageStatus, queued: bool) -> None:
    assert accepts(None if latest is None else update(latest), update(new)) is queued


def test_a_new_error_message_is_a_new_report_but_the_same_one_is_a_repeat() -> None:
    assert accepts(update(FAILED, "no route"), update(FAILED, "blocked")) is True
    assert accepts(update(FAILED, "no route"), update(FAILED, "no route")) is False


RANK = {SENT: 1, FAILED: 1, READ: 2}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([SENT, FAILED, READ]), min_size=1, max_size=12))
def test_what_is_accepted_never_goes_down_in_rank_and_nothing_follows_read(
    reports: list[MessageStatus],
) -> None:
    latest: OutboxUpdate | None = None
    accepted: list[MessageStatus] = []
    for status in reports:
        new = update(status)
        if accepts(latest, new):
            accepted.append(status)
            latest = new
    assert accepted[0] is reports[0]
    assert all(RANK[a] <= RANK[b] for a, b in itertools.pairwise(accepted))
    assert READ not in accepted[:-1]
    assert all(a != b for a, b in itertools.pairwise(accepted))
    if READ in reports:
        assert accepted[-1] is READ


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    return Outbox(tmp_path / "outbox.sqlite3")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        ((1001, "m-1", "DELIVERED"), "status must be one of SENT, FAILED, READ"),
        ((1001, "m-1", "RECEIVED"), "status must be one of"),  # HubSpot's own status, not reportable
        ((1001, "", "SENT"), "message_id is empty"),
        ((1001, "a b", "SENT"), "whitespace"),
        (("", "m-1", "SENT"), "channel_id is empty"),
        ((2**31, "m-1", "SENT"), "channel_id must be at most"),
        ((1001, "m-1", "FAILED", "   "), "error_message must be a non-empty string"),
        ((1001, "m-1", "SENT", "oops"), "error_message is only sent with status FAILED"),
        ((1001, "m-1", "FAILED", "\ud800"), "not valid Unicode"),
    ],
)
def test_a_bad_update_raises_the_facade_validation_error_and_stores_nothing(
    outbox: Outbox, args: tuple[object, ...], says: str
) -> None:
    with pytest.raises(RequestValidationError, match=says):
        outbox.enqueue(*args)  # type: ignore[arg-type]
    assert outbox.counts().outstanding == 0


def test_enqueue_many_validates_everything_before_storing_anything(outbox: Outbox) -> None:
    good = StatusUpdate(1001, "m-1", "SENT")
    with pytest.raises(RequestValidationError, match=r"updates\[1\]: .*error_message is only sent with"):
        outbox.enqueue_many([good, StatusUpdate(1001, "m-2", "SENT", "oops")])
    with pytest.raises(RequestValidationError, match=r"updates\[0\] must be a StatusUpdate"):
        outbox.enqueue_many([("1001", "m-1", "SENT")])  # type: ignore[list-item]
    assert outbox.counts().outstanding == 0


def test_enqueue_accepts_the_facade_spellings(outbox: Outbox) -> None:
    assert outbox.enqueue("1001", "m-1", "sent") is True  # a numeric string and a lower-case status
    assert outbox.enqueue(1001, "m-1", MessageStatus.SENT) is False  # the same message, the same report
    assert outbox.enqueue_many([StatusUpdate(1001, "m-1", "READ"), StatusUpdate(1001, "m-1", "SENT")]) == [
        True,
        False,
    ]


def test_outbox_needs_a_path_or_a_store(tmp_path: Path) -> None:
    with pytest.raises(RequestValidationError):
        Outbox()
    box = Outbox(tmp_path / "a.sqlite3")
    with pytest.raises(RequestValidationError):
        Outbox(tmp_path / "b.sqlite3", store=box.store)
