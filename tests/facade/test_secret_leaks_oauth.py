"""The secret-leak sweep, OAuth side: the client secret, the refresh token (sent and rotated) and the access
tokens never show in any error (str, repr, args, traceback, chain), log line (every logger at DEBUG) or repr,
even when the token endpoint echoes them back in an error page or body."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import quote, quote_plus

import pytest

from hubspot_channels import (
    AsyncCustomChannelsClient,
    AuthenticationError,
    CustomChannelsClient,
    OAuthRefresh,
    OAuthRefreshError,
)
from tests.facade.test_secret_leaks import all_loggers_at_debug, exception_texts, unused_port
from tests.support.oauth_support import OAuthSetting, served_oauth_fake

CLIENT_SECRET = "cs-LEAKY-s3cret-8f2a1d77"
PIECE = 12


def _forms(value: str) -> set[str]:
    forms = {value, quote(value, safe=""), quote_plus(value)}
    return forms | {value[start : start + PIECE] for start in range(len(value) - PIECE + 1)}


@pytest.fixture
def portal() -> Iterator[OAuthSetting]:
    with served_oauth_fake(client_secret=CLIENT_SECRET) as setting:
        yield setting


def secrets_of(portal: OAuthSetting) -> dict[str, str]:
    issued = list(portal.fake.oauth._access_tokens)  # every access token the fake gave out
    rotated = [tokens.refresh_token for tokens in portal.rotations]
    values = {"client secret": CLIENT_SECRET, "refresh token": portal.refresh_token}
    values |= {f"rotated refresh token {i}": value for i, value in enumerate(rotated)}
    return values | {f"access token {i}": value for i, value in enumerate(issued)}


def assert_no_leak(portal: OAuthSetting, texts: list[tuple[str, str]]) -> None:
    forms = {name: _forms(value) for name, value in secrets_of(portal).items()}
    found = [
        f"{name} in {where}"
        for where, text in texts
        for name, f in forms.items()
        if any(x in text for x in f)
    ]
    assert not found, "secret leaks:\n  " + "\n  ".join(dict.fromkeys(found))


def echoing(portal: OAuthSetting) -> str:
    return f"refresh_token={portal.refresh_token}&client_secret={CLIENT_SECRET} rejected"


SCENARIOS: dict[str, Callable[[OAuthSetting], dict[str, Any]]] = {
    "invalid_grant echoing the form": lambda p: (
        p.fake.oauth.fail_next(
            400,
            f'{{"status":"BAD_REFRESH_TOKEN","error":"invalid_grant","message":"{echoing(p)}"}}',
            "application/json",
        )
        or {}
    ),
    "502 page echoing the form": lambda p: p.fake.oauth.fail_next(502, f"<pre>{echoing(p)}</pre>") or {},
    "non-JSON 200 echoing the form": lambda p: p.fake.oauth.fail_next(200, echoing(p)) or {},
    "token endpoint unreachable": lambda p: {
        "token_url": f"http://127.0.0.1:{unused_port()}/oauth/2026-03/token"
    },
    "second 401 after a refresh": lambda p: setattr(p.fake.oauth, "lifetime", 0) or {},
}
EXPECTED = {"second 401 after a refresh": AuthenticationError}


def call(mode: str, portal: OAuthSetting, refresh: OAuthRefresh) -> BaseException | None:
    kwargs = portal.client_kwargs(refresh)
    try:
        if mode == "sync":
            with CustomChannelsClient(**kwargs) as client:
                client.channel_accounts.get(portal.channel_id, portal.account_id)
        else:

            async def run() -> None:
                async with AsyncCustomChannelsClient(**kwargs) as client:
                    await client.channel_accounts.get(portal.channel_id, portal.account_id)

            asyncio.run(run())
    except Exception as exc:  # noqa: BLE001 - searched for secrets
        return exc
    return None


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("scenario", list(SCENARIOS))
def test_no_oauth_secret_in_any_error_or_log_line(
    portal: OAuthSetting, scenario: str, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    options = SCENARIOS[scenario](portal)
    refresh = portal.refresh(**options)
    with all_loggers_at_debug(caplog) as lines:
        error = call(mode, portal, refresh)
    assert isinstance(error, EXPECTED.get(scenario, OAuthRefreshError)), repr(error)
    texts = list(exception_texts(error)) + [("a log line", line) for line in lines]
    texts += [("repr of the OAuthRefresh", repr(refresh)), ("rotations", repr(portal.rotations))]
    assert_no_leak(portal, texts)


def test_a_successful_refresh_and_rotation_logs_no_secret(
    portal: OAuthSetting, caplog: pytest.LogCaptureFixture
) -> None:
    refresh = portal.refresh()
    with (
        all_loggers_at_debug(caplog) as lines,
        CustomChannelsClient(**portal.client_kwargs(refresh)) as client,
    ):
        client.channel_accounts.get(portal.channel_id, portal.account_id)
        portal.fake.oauth.expire_all()
        client.channel_accounts.get(portal.channel_id, portal.account_id)
        texts = [("client repr", repr(client)), ("credentials", repr(client._settings.credentials))]
    assert len(portal.rotations) == 2
    assert_no_leak(portal, texts + [("a log line", line) for line in lines])


def test_the_sweep_sees_a_leak() -> None:
    with (
        served_oauth_fake(client_secret=CLIENT_SECRET) as portal,
        pytest.raises(AssertionError, match="client secret in probe"),
    ):
        assert_no_leak(portal, [("probe", f"x{CLIENT_SECRET[3:20]}y")])
