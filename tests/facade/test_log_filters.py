"""Where the package redacts log records: never at import, never on our own logger (our messages are clean
where we write them), and on httpx's and httpcore's loggers only once a client exists (their lines carry the
request URL, ``hapikey`` included, and what a server echoes). tests/facade/test_secret_leaks.py is the
proof that no line on any logger shows a secret."""

from __future__ import annotations

import logging
import subprocess
import sys

import httpx
import pytest

from hubspot_channels import CustomChannelsClient
from hubspot_channels import _redact as redact
from tests.support.facade_helpers import APP_ID, DEV_KEY, TOKEN, channel_json, message_json, ok


@pytest.mark.subprocess
def test_importing_the_package_puts_no_filter_on_any_logger() -> None:
    code = (
        "import logging, hubspot_channels, hubspot_channels.webhooks, hubspot_channels.transports\n"
        "loggers = [logging.getLogger()] + [l for l in logging.root.manager.loggerDict.values()"
        " if isinstance(l, logging.Logger)]\n"
        "assert all(not l.filters for l in loggers), [l.name for l in loggers if l.filters]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_client_filters_the_http_libraries_loggers_and_not_ours() -> None:
    CustomChannelsClient(access_token=TOKEN, http_client=httpx.Client())
    for name in redact.LOGGERS:
        assert any(isinstance(f, redact.ScrubLogRecords) for f in logging.getLogger(name).filters), name
    assert not any(
        isinstance(f, redact.ScrubLogRecords) for f in logging.getLogger("hubspot_channels").filters
    )


def test_our_own_log_lines_are_clean_without_any_filter(caplog: pytest.LogCaptureFixture) -> None:
    replies = iter([ok(channel_json()), ok(message_json())])
    transport = httpx.MockTransport(lambda request: next(replies))
    client = CustomChannelsClient(
        access_token=TOKEN,
        developer_api_key=DEV_KEY,
        app_id=APP_ID,
        http_client=httpx.Client(transport=transport),
    )
    caplog.set_level(logging.DEBUG, logger="hubspot_channels")
    client.channels.get(1200)
    client.messages.get(1200, "msg-1")
    ours = [record for record in caplog.records if record.name.startswith("hubspot_channels")]
    assert ours, "the engine logs each request at DEBUG"
    for record in ours:
        assert DEV_KEY not in record.getMessage() and TOKEN not in record.getMessage()
        assert "hapikey" not in record.getMessage()
