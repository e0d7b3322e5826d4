"""Control endpoints for what HubSpot sends or holds besides the API: webhook events and the OAuth side.

- GET  /_fake/webhooks            every event produced, delivered or queued (deliver: false)
- POST /_fake/webhooks/deliver    POST the queued ones now
- POST /_fake/account-events      CHANNEL_ACCOUNT_CREATED / _UPDATED / _PURGED for an account
- GET|PATCH /_fake/oauth          the token endpoint's settings (clientId, lifetime, rotate) and exchanges
- POST /_fake/oauth/install       a refresh token for a portal; /revoke one; /expire every access token
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ._control_body import no_input, read_body
from ._http import Incoming, Outgoing, json_response
from ._oauth import TOKEN_PATHS
from ._routes import PlainHandler
from ._webhooks import WebhookDelivery

if TYPE_CHECKING:
    from ._fake import FakeHubSpot


def webhook_json(delivery: WebhookDelivery, *, pending: bool = False) -> dict[str, Any]:
    return {
        "event": delivery.event,
        "url": delivery.url,
        "sent": delivery.sent,
        "pending": pending,
        "statusCode": delivery.status_code,
        "error": delivery.error,
    }


def list_webhooks(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    no_input(incoming)
    shown = [webhook_json(d, pending=fake._webhooks.is_pending(d)) for d in fake.webhook_deliveries]
    return json_response(200, {"results": shown, "total": len(shown)})


def deliver_webhooks(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    no_input(incoming)
    shown = [webhook_json(d) for d in fake.deliver_webhooks()]
    return json_response(200, {"results": shown, "total": len(shown)})


def account_event(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    body = read_body(incoming, "account_event")
    delivery = fake._account_event(
        body["channelId"],
        body["channelAccountId"],
        body.get("type", "CHANNEL_ACCOUNT_CREATED"),
        deliver=body.get("deliver", True),
    )
    return json_response(201, webhook_json(delivery, pending=fake._webhooks.is_pending(delivery)))


def oauth_settings(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    no_input(incoming)
    return json_response(200, fake.oauth.settings())


def configure_oauth(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    body = read_body(incoming, "oauth_settings")
    if "clientId" in body:
        fake.oauth.client_id = body["clientId"]
    if "lifetime" in body:
        fake.oauth.lifetime = float(body["lifetime"])
    if "rotate" in body:
        fake.oauth.rotate = body["rotate"]
    return json_response(200, fake.oauth.settings())


def install_app(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    body = read_body(incoming, "oauth_install", optional=True)
    portal = body.get("portalId", fake.portal_id)
    token = fake.oauth.install(portal)
    answer = {"refreshToken": token, "clientId": fake.oauth.client_id, "portalId": portal}
    return json_response(201, {**answer, "tokenPath": TOKEN_PATHS[0]})


def revoke_refresh_token(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    fake.oauth.revoke(read_body(incoming, "oauth_revoke")["refreshToken"])
    return Outgoing(204)


def expire_access_tokens(fake: FakeHubSpot, incoming: Incoming, _: Mapping[str, str]) -> Outgoing:
    no_input(incoming)
    fake.oauth.expire_all()
    return Outgoing(204)


EVENT_HANDLERS: Mapping[str, PlainHandler] = {
    "list_webhooks": list_webhooks,
    "deliver_webhooks": deliver_webhooks,
    "account_event": account_event,
    "oauth_settings": oauth_settings,
    "configure_oauth": configure_oauth,
    "install_app": install_app,
    "revoke_refresh_token": revoke_refresh_token,
    "expire_access_tokens": expire_access_tokens,
}
