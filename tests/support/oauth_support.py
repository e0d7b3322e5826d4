"""The OAuth tests' setting: a served FakeHubSpot whose token endpoint and OAuthRefresh share one fake clock."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from hubspot_channels import OAuthRefresh, TokenSet
from hubspot_channels.testing import FakeHubSpot

CLIENT_ID = "fake-client-id"
CLIENT_SECRET = "fake-client-secret"


class Clock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self, start: float = 10_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@dataclass
class OAuthSetting:
    fake: FakeHubSpot
    base_url: str
    clock: Clock
    refresh_token: str
    channel_id: str
    account_id: str
    rotations: list[TokenSet] = field(default_factory=list)

    def refresh(self, **options: Any) -> OAuthRefresh:
        """An OAuthRefresh of this portal on the shared clock, recording each refresh in ``rotations``."""
        kwargs: dict[str, Any] = {
            "client_id": CLIENT_ID,
            "client_secret": self.fake.client_secret,
            "refresh_token": self.refresh_token,
            "on_refresh": self.rotations.append,
            "clock": self.clock,
        }
        return OAuthRefresh(**(kwargs | options))

    def exchanges(self) -> int:
        """Token-endpoint calls the fake answered so far."""
        return len(self.fake.oauth.token_requests)

    def client_kwargs(self, access_token: Any) -> dict[str, Any]:
        return {
            "access_token": access_token,
            "base_url": self.base_url,
            "developer_api_key": self.fake.developer_api_key,
            "app_id": self.fake.app_id,
            "max_retries": 0,
        }


@contextmanager
def served_oauth_fake(*, rotate: bool = True, **fake_options: Any) -> Iterator[OAuthSetting]:
    clock = Clock()
    fake = FakeHubSpot(**fake_options)
    fake.oauth.clock = clock
    fake.oauth.rotate = rotate
    channel = fake.create_channel()
    account = fake.create_channel_account(channel["id"])
    with fake.serve() as base_url:
        yield OAuthSetting(fake, base_url, clock, fake.oauth.install(), channel["id"], account["id"])
