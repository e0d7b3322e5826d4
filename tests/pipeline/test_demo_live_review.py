"""Review of issue 15 part 5 (`scripts/demo.py --live`): the reviewer's reproductions of the defects found
(F5, F6, /work/review-otel), now fixed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hubspot_channels.testing import FakeHubSpot
from scripts import demo


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[FakeHubSpot, str]]:
    fake = FakeHubSpot()
    with fake.serve() as base_url:
        for name, value in {
            "HUBSPOT_ACCESS_TOKEN": fake.access_token,
            "HUBSPOT_DEVELOPER_API_KEY": fake.developer_api_key,
            "HUBSPOT_APP_ID": str(fake.app_id),
            "HUBSPOT_INBOX_ID": "1001",
            "HUBSPOT_BASE_URL": base_url,
        }.items():
            monkeypatch.setenv(name, value)
        monkeypatch.delenv("HUBSPOT_WEBHOOK_URL", raising=False)
        monkeypatch.delenv("HUBSPOT_DEMO_MESSAGE_ID", raising=False)
        yield fake, base_url


def test_a_refused_base_url_is_not_printed_with_its_api_key(
    served: tuple[FakeHubSpot, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake, base_url = served
    monkeypatch.setenv("HUBSPOT_BASE_URL", f"{base_url}/?hapikey={fake.developer_api_key}")
    assert demo.main(["--live"]) == 1
    captured = capsys.readouterr()
    assert "base_url must not contain a query string" in captured.err  # refused, nothing sent
    assert fake.developer_api_key not in captured.out + captured.err


@pytest.mark.parametrize(
    ("tail", "problem"),
    [("/#hapikey={key}", "fragment"), ("/?token={key}", "query string"), ("/#{key}", "fragment")],
)
def test_no_part_of_a_refused_base_url_that_may_hold_a_key_is_printed(
    served: tuple[FakeHubSpot, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tail: str,
    problem: str,
) -> None:
    _fake, base_url = served
    monkeypatch.setenv("HUBSPOT_BASE_URL", base_url + tail.format(key="opaque-KEY-not-registered-77"))
    assert demo.main(["--live"]) == 1
    captured = capsys.readouterr()
    assert f"base_url must not contain a {problem}; got '{base_url}/...'" in captured.err
    assert "opaque-KEY" not in captured.out + captured.err


def test_cleanup_needs_only_what_archiving_channels_needs(
    served: tuple[FakeHubSpot, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake, _base_url = served
    kept = fake.create_channel(demo.DEMO_CHANNEL_NAME)
    monkeypatch.delenv("HUBSPOT_ACCESS_TOKEN")
    monkeypatch.delenv("HUBSPOT_INBOX_ID")
    assert demo.main(["--live", "--cleanup"]) == 0, capsys.readouterr().err
    assert f"archived channel {kept['id']}" in capsys.readouterr().out
