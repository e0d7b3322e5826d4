"""The control API's own OpenAPI 3.1 description: served at GET /_fake/openapi.json, the source of the
request schemas the control handlers validate with, and what schemathesis fuzzes the control API from."""

from __future__ import annotations

import functools
from typing import Any

from ._spec import VERSIONS_SERVED

DIGITS = {"type": "string", "pattern": "^[0-9]{1,18}$"}
ID = {"anyOf": [DIGITS, {"type": "integer", "minimum": 0, "maximum": 999_999_999_999_999_999}]}
_NAME = {"type": "string", "minLength": 1, "maxLength": 200}


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


PARTICIPANT = _object(
    {
        "deliveryIdentifier": _object(
            {"type": _NAME, "value": {"type": "string", "minLength": 1, "maxLength": 1000}}, ("type", "value")
        ),
        "name": {"type": "string", "maxLength": 200},
    },
    ("deliveryIdentifier",),
)
AGENT_REPLY = _object(
    {
        "channelId": ID,
        "channelAccountId": ID,
        "text": {"type": "string", "maxLength": 65536},
        "richText": {"type": "string", "maxLength": 65536},
        "threadId": DIGITS,
        "recipients": {"type": "array", "items": PARTICIPANT, "minItems": 1, "maxItems": 20},
        "agentUserId": {"type": "integer", "minimum": 1, "maximum": 999_999_999_999},
        "agentName": _NAME,
        "deliver": {"type": "boolean"},
    },
    ("channelId", "channelAccountId", "text"),
)
STAGING_TOKEN = _object(
    {
        "channelId": ID,
        "inboxId": {"type": "integer", "minimum": 1, "maximum": 999_999_999_999},
        "userId": {"type": "integer", "minimum": 1, "maximum": 999_999_999_999},
    },
    ("channelId",),
)
_SECONDS = {"type": "number", "minimum": 0, "maximum": 3600}
FAULT_EFFECTS = ("status", "delay", "drop", "malformed", "body")
FAULT = {
    **_object(
        {
            "operation": {"type": "string", "minLength": 1, "maxLength": 100},
            "path": {"type": "string", "minLength": 1, "maxLength": 1000},
            "version": {"enum": list(VERSIONS_SERVED)},
            "status": {"type": "integer", "minimum": 400, "maximum": 599},
            "retryAfter": _SECONDS,
            "delay": {"type": "number", "exclusiveMinimum": 0, "maximum": 3600},
            "drop": {"enum": ["protocol", "read"]},
            "malformed": {"enum": ["json", "html"]},
            "body": {"type": "string", "maxLength": 65536},
            "contentType": {"type": "string", "pattern": "^[!-~][ -~]{0,199}$"},
            "times": {"anyOf": [{"type": "integer", "minimum": 1, "maximum": 1_000_000}, {"type": "null"}]},
        }
    ),
    # A fault does something: at least one effect.
    "anyOf": [{"required": [effect]} for effect in FAULT_EFFECTS],
}
_WHOLE = {"type": "integer", "minimum": 1, "maximum": 999_999_999_999}
ACCOUNT_EVENT = _object(
    {
        "channelId": ID,
        "channelAccountId": ID,
        "type": {"enum": ["CHANNEL_ACCOUNT_CREATED", "CHANNEL_ACCOUNT_UPDATED", "CHANNEL_ACCOUNT_PURGED"]},
        "deliver": {"type": "boolean"},
    },
    ("channelId", "channelAccountId"),
)
OAUTH_INSTALL = _object({"portalId": _WHOLE})
OAUTH_REVOKE = _object(
    {"refreshToken": {"type": "string", "minLength": 1, "maxLength": 200}}, ("refreshToken",)
)
OAUTH_SETTINGS = _object(
    {
        "clientId": {"type": "string", "pattern": "^[!-~]{1,200}$"},
        "lifetime": {"type": "number", "minimum": 0, "maximum": 86400},  # 0: every token born expired
        "rotate": {"type": "boolean"},
    }
)
_NOTHING: dict[str, Any] = _object({})
SCHEMAS: dict[str, dict[str, Any]] = {
    "agent_reply": AGENT_REPLY,
    "staging_token": STAGING_TOKEN,
    "fault": FAULT,
    "account_event": ACCOUNT_EVENT,
    "oauth_install": OAUTH_INSTALL,
    "oauth_revoke": OAUTH_REVOKE,
    "oauth_settings": OAUTH_SETTINGS,
    "nothing": _NOTHING,
}
FAULT_SHOWN = {
    "type": "object",
    "properties": {"operation": {"type": "string"}, "remaining": {"type": ["integer", "null"]}},
    "required": ["operation"],
}
REQUEST_SHOWN = {
    "type": "object",
    "properties": {
        "method": {"type": "string"},
        "path": {"type": "string"},
        "query": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
        "status": {"type": ["integer", "null"]},
        "operation": {"type": ["string", "null"]},
        "version": {"type": ["string", "null"]},
        "credential": {"type": ["string", "null"]},
        "fault": {"anyOf": [FAULT_SHOWN, {"type": "null"}]},
        "note": {"type": ["string", "null"]},
        "time": {"type": "number"},
    },
    "required": [
        "method",
        "path",
        "query",
        "status",
        "operation",
        "version",
        "credential",
        "fault",
        "note",
        "time",
    ],
}
ERROR = {
    "type": "object",
    "properties": {
        "status": {"type": "string"},
        "message": {"type": "string"},
        "correlationId": {"type": "string"},
        "category": {"type": "string"},
        "errors": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["status", "message", "correlationId", "category"],
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _op(
    op_id: str,
    summary: str,
    responses: dict[str, Any],
    body: dict[str, Any] | None = None,
    *,
    body_required: bool = True,
) -> dict[str, Any]:
    op: dict[str, Any] = {
        "operationId": op_id,
        "summary": summary,
        "responses": {**responses, "default": _json(ERROR, "an invalid control request")},
    }
    if body is not None:
        op["requestBody"] = {"required": body_required, "content": {"application/json": {"schema": body}}}
    return op


_EMPTY = {"description": "done"}
_LIST = {
    "type": "object",
    "properties": {"results": {"type": "array"}, "total": {"type": "integer"}},
    "required": ["results", "total"],
}


_REQUEST_LIST = {
    "type": "object",
    "properties": {"results": {"type": "array", "items": REQUEST_SHOWN}, "total": {"type": "integer"}},
    "required": ["results", "total"],
}


_WEBHOOK_SHOWN = {
    "type": "object",
    "properties": {
        "event": {"type": "object"},
        "url": {"type": ["string", "null"]},
        "sent": {"type": "boolean"},
        "pending": {"type": "boolean"},
        "statusCode": {"type": ["integer", "null"]},
        "error": {"type": ["string", "null"]},
    },
    "required": ["event", "url", "sent", "pending", "statusCode", "error"],
}
_WEBHOOK_LIST = {
    "type": "object",
    "properties": {"results": {"type": "array", "items": _WEBHOOK_SHOWN}, "total": {"type": "integer"}},
    "required": ["results", "total"],
}
_OAUTH_SHOWN = {
    "type": "object",
    "properties": {
        "clientId": {"type": "string"},
        "lifetime": {"type": "number"},
        "rotate": {"type": "boolean"},
        "refreshTokens": {"type": "integer"},
        "liveAccessTokens": {"type": "integer"},
        "tokenRequests": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["clientId", "lifetime", "rotate", "refreshTokens", "liveAccessTokens", "tokenRequests"],
}
_INSTALLED = {
    "type": "object",
    "properties": {
        "refreshToken": {"type": "string"},
        "clientId": {"type": "string"},
        "portalId": {"type": "integer"},
        "tokenPath": {"type": "string"},
    },
    "required": ["refreshToken", "clientId", "portalId", "tokenPath"],
}


@functools.cache
def control_document() -> dict[str, Any]:
    """The document (do not mutate)."""
    index = {
        "type": "object",
        "properties": {"versions": {"type": "object"}, "control": {"type": "object"}},
        "required": ["versions", "control"],
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "hubspot_channels.testing control API", "version": "1"},
        "paths": {
            "/_fake": {
                "get": _op("control_index", "What the fake serves", {"200": _json(index, "the index")})
            },
            "/_fake/openapi.json": {
                "get": _op(
                    "control_openapi", "This document", {"200": _json({"type": "object"}, "the document")}
                )
            },
            "/_fake/agent-replies": {
                "post": _op(
                    "agent_reply",
                    "A HubSpot user replies: an OUTGOING message, POSTed to the channel's webhookUrl",
                    {"201": _json({"type": "object", "required": ["message", "webhook"]}, "the reply")},
                    AGENT_REPLY,
                )
            },
            "/_fake/staging-tokens": {
                "post": _op(
                    "create_staging_token",
                    "A user starts connecting an account: a staging token for update_staging_token",
                    {"201": _json({"type": "object", "required": ["accountToken"]}, "the token")},
                    STAGING_TOKEN,
                )
            },
            "/_fake/faults": {
                "get": _op("list_faults", "The faults still scheduled", {"200": _json(_LIST, "the faults")}),
                "post": _op("add_fault", "Schedule a fault", {"201": _json(FAULT_SHOWN, "the fault")}, FAULT),
                "delete": _op("clear_faults", "Cancel every scheduled fault", {"204": _EMPTY}),
            },
            "/_fake/requests": {
                "get": _op(
                    "list_requests",
                    "The requests log, oldest first, credentials masked",
                    {"200": _json(_REQUEST_LIST, "the log")},
                ),
                "delete": _op("clear_requests", "Empty the requests log", {"204": _EMPTY}),
            },
            "/_fake/reset": {
                "post": _op(
                    "reset",
                    "Forget every channel, message, fault, logged request, webhook and OAuth token",
                    {"204": _EMPTY},
                )
            },
            "/_fake/webhooks": {
                "get": _op(
                    "list_webhooks",
                    "Every webhook event produced, oldest first, and what became of its POST",
                    {"200": _json(_WEBHOOK_LIST, "the events")},
                )
            },
            "/_fake/webhooks/deliver": {
                "post": _op(
                    "deliver_webhooks",
                    "POST the events queued with deliver: false",
                    {"200": _json(_WEBHOOK_LIST, "the events delivered now")},
                )
            },
            "/_fake/account-events": {
                "post": _op(
                    "account_event",
                    "HubSpot tells the channel about an account (PURGED also archives it)",
                    {"201": _json(_WEBHOOK_SHOWN, "the event")},
                    ACCOUNT_EVENT,
                )
            },
            "/_fake/oauth": {
                "get": _op(
                    "oauth_settings",
                    "The token endpoint's settings and the exchanges it answered",
                    {"200": _json(_OAUTH_SHOWN, "the settings")},
                ),
                "patch": _op(
                    "configure_oauth",
                    "Change the client id, the lifetime of new access tokens, or refresh-token rotation",
                    {"200": _json(_OAUTH_SHOWN, "the settings")},
                    OAUTH_SETTINGS,
                ),
            },
            "/_fake/oauth/install": {
                "post": _op(
                    "install_app",
                    "A portal installs the app: a refresh token the token endpoint accepts",
                    {"201": _json(_INSTALLED, "the refresh token")},
                    OAUTH_INSTALL,
                    body_required=False,
                )
            },
            "/_fake/oauth/revoke": {
                "post": _op(
                    "revoke_refresh_token",
                    "The portal uninstalls the app: the refresh token gets invalid_grant from now on",
                    {"204": _EMPTY},
                    OAUTH_REVOKE,
                )
            },
            "/_fake/oauth/expire": {
                "post": _op(
                    "expire_access_tokens",
                    "Every access token issued so far is expired (HubSpot's 401 on its next use)",
                    {"204": _EMPTY},
                )
            },
        },
    }
