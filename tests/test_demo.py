"""`make demo`: the integration's whole life against the embedded fake, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys

from paths import REPO

DEMO = [sys.executable, str(REPO / "scripts" / "demo.py")]


def clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("HUBSPOT_")}


def test_demo_runs_the_whole_integration_life_and_exits_0():
    run = subprocess.run(DEMO, check=False, capture_output=True, text=True, timeout=120, env=clean_env())
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
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
    assert run.stderr == ""


def test_live_mode_without_credentials_says_what_is_missing_and_sends_nothing():
    run = subprocess.run(
        [*DEMO, "--live"], check=False, capture_output=True, text=True, timeout=60, env=clean_env()
    )
    assert run.returncode == 3
    assert "HUBSPOT_ACCESS_TOKEN" in run.stderr and "HUBSPOT_DEVELOPER_API_KEY" in run.stderr
