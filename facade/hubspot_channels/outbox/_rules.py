"""What the outbox accepts, in which order, and which failures are worth another try.

The order rule (HubSpot documents no state machine for a message's status: the update operation only says a
status reports a message sent, failed to send, or read; the fake follows the same reading):

- READ is terminal: a read receipt proves delivery, so nothing reported after it is sent (a late SENT or
  FAILED after READ is dropped at enqueue).
- Before READ the latest report wins, both ways: SENT then FAILED (accepted by the provider, then not
  delivered) and FAILED then SENT (the integration retried and got through) are both sent. FAILED is not
  terminal.
- A report identical to the latest accepted one (same status, same error message) is dropped: it changes
  nothing.

So the ranks are SENT = FAILED < READ, and a status never goes back to a lower rank.
"""

from __future__ import annotations

from dataclasses import dataclass

from .._exceptions import (
    APIStatusError,
    AuthenticationError,
    ConfigurationError,
    HubSpotChannelsError,
    PermissionDeniedError,
    RequestValidationError,
)
from .._models import MessageStatus
from .._validate import INT32_MAX, numeric_id, status_update, text_id, unicode_text

_RANKS = {MessageStatus.SENT: 1, MessageStatus.FAILED: 1, MessageStatus.READ: 2}
TERMINAL_RANK = 2
# 4xx answers that may succeed later: request timeout, too early, too many requests.
_TRANSIENT_4XX = frozenset({408, 425, 429})
MAX_BACKOFF = 300.0  # seconds: HubSpot down for an hour is retried every 5 minutes at worst


@dataclass(frozen=True, slots=True)
class OutboxUpdate:
    """One validated status report: channel_id as HubSpot's path wants it, the status as the enum."""

    channel_id: int
    message_id: str
    status: MessageStatus
    error_message: str | None = None


def checked_update(
    channel_id: object, message_id: object, status: object, error_message: object
) -> OutboxUpdate:
    """The facade's own validators (RequestValidationError, nothing stored). FAILED without an error message
    is accepted, as HubSpot and ``update_status`` accept it: provider receipts often carry no reason, and
    refusing one here would lose the very status the outbox exists to keep."""
    channel = numeric_id(channel_id, "channel_id", INT32_MAX)
    message = unicode_text(text_id(message_id, "message_id"), "message_id")
    if error_message is not None and not isinstance(error_message, str):
        raise RequestValidationError(f"error_message must be a string, got {type(error_message).__name__}")
    checked, error = status_update(status, error_message)
    if error is not None:
        unicode_text(error, "error_message")
    return OutboxUpdate(channel, message, checked, error)


def rank(status: MessageStatus) -> int:
    return _RANKS[status]


def accepts(latest: OutboxUpdate | None, new: OutboxUpdate) -> bool:
    """Whether ``new`` is queued after ``latest`` (the latest update accepted for the same message)."""
    if latest is None:
        return True
    before, after = rank(latest.status), rank(new.status)
    if before == TERMINAL_RANK or after < before:
        return False
    if after > before:
        return True
    return (latest.status, latest.error_message) != (new.status, new.error_message)


def is_fatal(error: HubSpotChannelsError) -> bool:
    """A failure of the drainer's setup, not of the message (a missing or rejected token, 401, or one that
    lacks the scope, 403): the drainer stops and leaves the update pending, instead of burying every update
    of the queue. The operator fixes the token (or the app's scopes) and starts a drainer again."""
    return isinstance(error, (ConfigurationError, AuthenticationError, PermissionDeniedError))


def is_permanent(error: HubSpotChannelsError) -> bool:
    """HubSpot refused this update and would refuse it again (400, 404, 409, 422, ...): a dead letter.
    429, 5xx, timeouts and connection errors are retried."""
    if isinstance(error, RequestValidationError):
        return True
    if isinstance(error, APIStatusError):
        return 400 <= error.status_code < 500 and error.status_code not in _TRANSIENT_4XX
    return False


def backoff(attempts: int) -> float:
    """Seconds before the next try of an update that failed ``attempts`` times in a row (after the client's
    own retries): 1, 2, 4, ... capped at MAX_BACKOFF."""
    return min(MAX_BACKOFF, 2.0 ** min(max(attempts - 1, 0), 16))


def describe(error: BaseException) -> str:
    """The error as stored and shown: its type and message (the facade's messages carry no credential)."""
    return f"{type(error).__name__}: {error}"[:2000]
