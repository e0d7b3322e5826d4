"""The fake's data: channels, channel accounts, staging tokens, messages and threads.

Plain JSON dicts shaped like the API's responses, so what a test inspects is what a client gets.
Not thread-safe by itself: FakeHubSpot holds one lock around every call.
"""

from __future__ import annotations

import copy
import itertools
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ._http import ApiError, invalid, not_found

JSONDict = dict[str, Any]

# Attachment types a publish request may carry, and the response defaults HubSpot fills in
# (the response schemas require fields that the request schemas leave optional).
_ATTACHMENT_DEFAULTS: Mapping[str, Mapping[str, Any]] = {
    "FILE": {"fileUsageType": "OTHER"},
    "LOCATION": {},
    "CONTACT": {},
    "UNSUPPORTED_CONTENT": {},
    "MESSAGE_HEADER": {},
    "QUICK_REPLIES": {"allowMultiSelect": False, "allowUserInput": False},
    "SOCIAL_MEDIA_METADATA": {},
}
_SORTS = {"id": False, "-id": True, "createdAt": False, "-createdAt": True}  # monotonic with id
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


def now_iso(clock: Callable[[], datetime]) -> str:
    return clock().isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(slots=True)
class Page:
    results: list[JSONDict]
    total: int
    next_after: str | None


@dataclass(slots=True)
class Thread:
    id: str
    channel_id: int
    account_id: int
    integration_thread_ids: list[str] = field(default_factory=list)
    message_ids: list[str] = field(default_factory=list)


class Store:
    def __init__(self, *, app_id: int, clock: Callable[[], datetime] | None = None) -> None:
        self.app_id = app_id
        self.clock = clock or (lambda: datetime.now(UTC))
        self.channels: dict[int, JSONDict] = {}
        self.archived_channels: dict[int, JSONDict] = {}
        self.accounts: dict[int, JSONDict] = {}
        self.staging_tokens: dict[str, JSONDict] = {}
        self.messages: dict[str, JSONDict] = {}
        self.threads: dict[str, Thread] = {}
        self._thread_keys: dict[tuple[object, ...], str] = {}
        self._idempotency: dict[tuple[int, str], str] = {}
        self._channel_ids = itertools.count(1001)
        self._account_ids = itertools.count(10_000_001)
        self._thread_ids = itertools.count(7_000_000_001)

    def _now(self) -> str:
        return now_iso(self.clock)

    # -- channels (operations 1-5) -------------------------------------------------------

    def list_channels(self, after: str | None, limit: int | None, sort: Sequence[str]) -> Page:
        return _page(self.channels, after, limit, sort, lambda _: True)

    def create_channel(self, body: Mapping[str, Any]) -> JSONDict:
        ident = next(self._channel_ids)
        channel = {"id": str(ident), "createdAt": self._now(), **copy.deepcopy(dict(body))}
        self.channels[ident] = channel
        return copy.deepcopy(channel)

    def channel(self, channel_id: int) -> JSONDict:
        try:
            return self.channels[channel_id]
        except KeyError:
            raise not_found("Channel", channel_id) from None

    def update_channel(self, channel_id: int, body: Mapping[str, Any]) -> JSONDict:
        channel = self.channel(channel_id)
        # The PATCH schema allows any JSON type; HubSpot keeps its response types, so check them.
        for key, value in body.items():
            if key in {"name", "capabilities"} and value is None:
                raise invalid(f"{key} cannot be null", key)
            if key == "capabilities" and not isinstance(value, dict):
                raise invalid("capabilities must be an object", key)
            if key != "capabilities" and value is not None and not isinstance(value, str):
                raise invalid(f"{key} must be a string", key)
        for key, value in body.items():
            if value is None:
                channel.pop(key, None)  # null clears an optional field
            else:
                channel[key] = copy.deepcopy(value)
        return copy.deepcopy(channel)

    def archive_channel(self, channel_id: int) -> None:
        self.archived_channels[channel_id] = self.channel(channel_id)
        del self.channels[channel_id]

    # -- staging tokens (operation 6) ----------------------------------------------------

    def create_staging_token(self, channel_id: int, *, inbox_id: int, user_id: int) -> str:
        self.channel(channel_id)
        token = uuid.uuid4().hex
        self.staging_tokens[token] = {
            "accountToken": token,
            "createdAt": self._now(),
            "genericChannelId": channel_id,
            "inboxId": inbox_id,
            "userId": user_id,
        }
        return token

    def update_staging_token(self, channel_id: int, token: str, body: Mapping[str, Any]) -> JSONDict:
        self.channel(channel_id)
        found = self.staging_tokens.get(token)
        if found is None or found["genericChannelId"] != channel_id:
            raise not_found("Channel account staging token", token)
        found.update(copy.deepcopy(dict(body)))
        return copy.deepcopy(found)

    # -- channel accounts (operations 7-10) ----------------------------------------------

    def list_accounts(
        self,
        channel_id: int,
        after: str | None,
        limit: int | None,
        sort: Sequence[str],
        *,
        archived: bool,
        types: Iterable[str],
        values: Iterable[str],
    ) -> Page:
        self.channel(channel_id)
        wanted_types, wanted_values = set(types), set(values)

        def keep(account: JSONDict) -> bool:
            ident = account.get("deliveryIdentifier") or {}
            return (
                account["channelId"] == str(channel_id)
                and account["archived"] == archived
                and (not wanted_types or ident.get("type") in wanted_types)
                and (not wanted_values or ident.get("value") in wanted_values)
            )

        return _page(self.accounts, after, limit, sort, keep)

    def create_account(self, channel_id: int, body: Mapping[str, Any]) -> JSONDict:
        self.channel(channel_id)
        ident = next(self._account_ids)
        account = {
            "id": str(ident),
            "channelId": str(channel_id),
            "active": True,
            "archived": False,
            "createdAt": self._now(),
            **copy.deepcopy(dict(body)),
        }
        self.accounts[ident] = account
        return copy.deepcopy(account)

    def account(self, channel_id: int, account_id: int, *, archived: bool = False) -> JSONDict:
        self.channel(channel_id)
        account = self.accounts.get(account_id)
        if (
            account is None
            or account["channelId"] != str(channel_id)
            or (account["archived"] and not archived)
        ):
            raise not_found("Channel account", account_id)
        return account

    def update_account(self, channel_id: int, account_id: int, body: Mapping[str, Any]) -> JSONDict:
        account = self.account(channel_id, account_id)
        account.update(copy.deepcopy(dict(body)))
        return copy.deepcopy(account)

    def purge_account(self, channel_id: int, account_id: int) -> JSONDict:
        account = self.account(channel_id, account_id)
        account.update(archived=True, active=False, archivedAt=self._now())
        return copy.deepcopy(account)

    # -- messages (operations 11-13) -----------------------------------------------------

    def publish(self, channel_id: int, egg: Mapping[str, Any]) -> tuple[JSONDict, bool]:
        """Store a published message; (message, False) when the idempotency id was seen."""
        self.channel(channel_id)
        key = egg.get("integrationIdempotencyId")
        if key is not None and (channel_id, key) in self._idempotency:
            return copy.deepcopy(self.messages[self._idempotency[channel_id, key]]), False
        account_id = _digits(egg["channelAccountId"], "channelAccountId")
        try:
            self.account(channel_id, account_id)
        except ApiError:
            raise invalid(f"channel account {account_id} does not belong to channel {channel_id}") from None
        attachments = [_attachment(a, i) for i, a in enumerate(egg["attachments"])]
        incoming = egg["messageDirection"] == "INCOMING"
        counterpart = (egg["senders"] if incoming else egg["recipients"])[:1]
        thread = self._thread(channel_id, account_id, egg.get("integrationThreadId"), counterpart)
        now = self._now()
        message: JSONDict = {
            "id": uuid.uuid4().hex,
            "type": "MESSAGE",
            "channelId": str(channel_id),
            "channelAccountId": str(account_id),
            "conversationsThreadId": thread.id,
            "createdAt": _iso(egg["timestamp"]),
            "updatedAt": now,
            "createdBy": f"I-{self.app_id}",
            "client": {"clientType": "INTEGRATION", "integrationAppId": self.app_id},
            "senders": [_participant(p) for p in egg["senders"]],
            "recipients": [_participant(p) for p in egg["recipients"]],
            "text": egg["text"],
            "direction": egg["messageDirection"],
            "truncationStatus": "NOT_TRUNCATED",
            "archived": False,
            "attachments": attachments,
            # An OUTGOING publish reports a message already sent on the integration's platform.
            "status": {"statusType": "RECEIVED" if incoming else "SENT"},
        }
        for optional in ("richText", "inReplyToId"):
            if optional in egg:
                message[optional] = egg[optional]
        self._add_message(thread, message)
        if key is not None:
            self._idempotency[channel_id, key] = message["id"]
        return copy.deepcopy(message), True

    def message(self, channel_id: int, message_id: str) -> JSONDict:
        self.channel(channel_id)
        message = self.messages.get(message_id)
        if message is None or message["channelId"] != str(channel_id):
            raise not_found("Message", message_id)
        return message

    def update_status(self, channel_id: int, message_id: str, body: Mapping[str, Any]) -> JSONDict:
        message = self.message(channel_id, message_id)
        # Any transition is accepted: HubSpot does not document a state machine, and an
        # integration may legitimately report SENT after a FAILED retry.
        status: JSONDict = {"statusType": body["statusType"]}
        if body["statusType"] == "FAILED":
            status["failureDetails"] = {"errorMessageTokens": {}}
            if body.get("errorMessage") is not None:
                status["failureDetails"]["errorMessage"] = body["errorMessage"]
        message["status"] = status
        message["updatedAt"] = self._now()
        return copy.deepcopy(message)

    def agent_message(
        self,
        channel_id: int,
        account_id: int,
        text: str,
        *,
        thread_id: str | None,
        recipients: Sequence[Mapping[str, Any]] | None,
        rich_text: str | None,
        attachments: Sequence[Mapping[str, Any]],
        agent_user_id: int,
        agent_name: str,
    ) -> tuple[JSONDict, Thread]:
        """An OUTGOING message typed by a HubSpot user (what triggers the webhook)."""
        account = self.account(channel_id, account_id)
        thread = self._reply_thread(channel_id, account_id, thread_id, recipients)
        last_incoming = next(
            (
                m
                for m in map(self.messages.__getitem__, reversed(thread.message_ids))
                if m["direction"] == "INCOMING"
            ),
            None,
        )
        if recipients is None:
            if last_incoming is None:
                raise ValueError(f"thread {thread.id} has no incoming message to reply to; pass recipients=")
            to = [_recipient(s) for s in last_incoming["senders"]]
        else:
            to = [_participant(p) for p in recipients]
        sender: JSONDict = {"actorId": f"A-{agent_user_id}", "name": agent_name}
        if "deliveryIdentifier" in account:
            sender["deliveryIdentifier"] = copy.deepcopy(account["deliveryIdentifier"])
        now = self._now()
        message: JSONDict = {
            "id": uuid.uuid4().hex,
            "type": "MESSAGE",
            "channelId": str(channel_id),
            "channelAccountId": str(account_id),
            "conversationsThreadId": thread.id,
            "createdAt": now,
            "updatedAt": now,
            "createdBy": f"A-{agent_user_id}",
            "client": {"clientType": "HUBSPOT"},
            "senders": [sender],
            "recipients": to,
            "text": text,
            "direction": "OUTGOING",
            "truncationStatus": "NOT_TRUNCATED",
            "archived": False,
            "attachments": [copy.deepcopy(dict(a)) for a in attachments],
        }
        if rich_text is not None:
            message["richText"] = rich_text
        if last_incoming is not None:
            message["inReplyToId"] = last_incoming["id"]
        self._add_message(thread, message)
        return copy.deepcopy(message), thread

    # -- threads -------------------------------------------------------------------------

    def _thread(
        self, channel_id: int, account_id: int, integration_thread_id: str | None, counterpart: Sequence[Any]
    ) -> Thread:
        # HubSpot threads by the integration's thread id when given, else by the visitor.
        if integration_thread_id is not None:
            key: tuple[object, ...] = ("integration", channel_id, account_id, integration_thread_id)
        elif counterpart:
            ident = counterpart[0]["deliveryIdentifier"]
            key = ("visitor", channel_id, account_id, ident["type"], ident["value"])
        else:
            key = ("new", next(self._thread_ids))
        thread_id = self._thread_keys.get(key)
        if thread_id is None:
            thread_id = str(next(self._thread_ids))
            self._thread_keys[key] = thread_id
            self.threads[thread_id] = Thread(thread_id, channel_id, account_id)
        thread = self.threads[thread_id]
        if integration_thread_id is not None and integration_thread_id not in thread.integration_thread_ids:
            thread.integration_thread_ids.append(integration_thread_id)
        return thread

    def _reply_thread(
        self, channel_id: int, account_id: int, thread_id: str | None, recipients: object
    ) -> Thread:
        if thread_id is not None:
            thread = self.threads.get(str(thread_id))
            if thread is None or (thread.channel_id, thread.account_id) != (channel_id, account_id):
                raise KeyError(f"no thread {thread_id} on channel {channel_id} account {account_id}")
            return thread
        mine = [t for t in self.threads.values() if (t.channel_id, t.account_id) == (channel_id, account_id)]
        if mine:
            return max(
                mine, key=lambda t: self.messages[t.message_ids[-1]]["updatedAt"] if t.message_ids else ""
            )
        if recipients is None:
            raise ValueError(f"channel account {account_id} has no thread yet; pass recipients=")
        return self._thread(channel_id, account_id, None, [])

    def _add_message(self, thread: Thread, message: JSONDict) -> None:
        self.messages[message["id"]] = message
        thread.message_ids.append(message["id"])


def _page(
    items: Mapping[int, JSONDict],
    after: str | None,
    limit: int | None,
    sort: Sequence[str],
    keep: Callable[[JSONDict], bool],
) -> Page:
    descending = False
    for key in sort:
        if key not in _SORTS:
            raise ApiError(400, "VALIDATION_ERROR", f"unsupported sort {key!r}; use one of {sorted(_SORTS)}")
        descending = _SORTS[key]
    size = DEFAULT_PAGE_SIZE if limit is None else limit
    if size < 1:
        raise ApiError(400, "VALIDATION_ERROR", "limit must be at least 1")
    size = min(size, MAX_PAGE_SIZE)
    ordered = sorted((i for i, item in items.items() if keep(item)), reverse=descending)
    start = 0
    if after is not None:
        # The cursor is the id of the first item of the next page, as in HubSpot's CRM APIs;
        # it survives archiving and creation between page fetches.
        cursor = _digits(after, "after", where="query")
        start = next(
            (n for n, i in enumerate(ordered) if (i <= cursor if descending else i >= cursor)), len(ordered)
        )
    chosen = ordered[start : start + size]
    rest = ordered[start + size : start + size + 1]
    return Page([copy.deepcopy(items[i]) for i in chosen], len(ordered), str(rest[0]) if rest else None)


def _digits(value: object, name: str, *, where: str = "body") -> int:
    text = str(value)
    problem = None
    if not (text.isascii() and text.isdigit()):
        problem = f"{name} must be numeric"
    elif len(text) > 19:  # past int64; int() of thousands of digits would raise ValueError
        problem = f"{name} is out of range"
    if problem is not None:
        raise ApiError(400, "VALIDATION_ERROR", problem, errors=[{"message": problem, "in": where}])
    return int(text)


def _iso(timestamp: str) -> str:
    parsed = datetime.fromisoformat(timestamp)  # 3.11 reads "Z"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _attachment(attachment: Mapping[str, Any], index: int) -> JSONDict:
    kind = attachment.get("type")
    defaults = _ATTACHMENT_DEFAULTS.get(str(kind))
    if defaults is None:
        # The schema's UnrecognizedVariant is a reader's forward-compatibility device;
        # HubSpot's own deserializer knows only its types.
        raise invalid(
            f"attachments.{index}.type: unknown attachment type {kind!r}", f"attachments.{index}.type"
        )
    return {**copy.deepcopy(dict(defaults)), **copy.deepcopy(dict(attachment))}


def _participant(p: Mapping[str, Any]) -> JSONDict:
    # ChannelIntegrationParticipant (request) -> PublicSender/PublicRecipient (response).
    out: JSONDict = {"deliveryIdentifier": copy.deepcopy(p["deliveryIdentifier"])}
    if "name" in p:
        out["name"] = p["name"]
    if "senderActorId" in p:
        out["actorId"] = p["senderActorId"]
    return out


def _recipient(sender: Mapping[str, Any]) -> JSONDict:
    return {k: copy.deepcopy(v) for k, v in sender.items() if k in {"actorId", "deliveryIdentifier", "name"}}
