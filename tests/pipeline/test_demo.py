"""`make demo`: the integration's whole life against the embedded fake, as a user runs it."""

from __future__ import annotations

import os

import pytest

from scripts import demo


@pytest.fixture(autouse=True)
def no_hubspot_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo must not depend on (nor pick up) a developer's HUBSPOT_* credentials."""
    for name in [name for name in os.environ if name.startswith("HUBSPOT_")]:
        monkeypatch.delenv(name)


@pytest.mark.slow
def test_demo_runs_the_whole_integration_life_and_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    status = demo.main([])
    out, err = capsys.readouterr()
    assert status == 0, out + err
    for expected in (
        "registered channel",
        "connected account",
        "published incoming message",
        "OUTGOING_CHANNEL_MESSAGE_CREATED",
        "signature verified",
        "status SENT",
        "status FAILED: 'Recipient blocked the number'",
        "status READ",
        "status FAILED, error 'Recipient blocked the number'",
        "channels of the app: 1 (Demo SMS)",
    ):
        assert expected in out, f"{expected!r} missing from:\n{out}"
    assert err == ""


def test_live_mode_without_credentials_says_what_is_missing_and_sends_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert demo.main(["--live"]) == 3
    err = capsys.readouterr().err
    assert "HUBSPOT_ACCESS_TOKEN" in err and "HUBSPOT_DEVELOPER_API_KEY" in err
