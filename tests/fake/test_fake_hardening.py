"""The fake refuses a nonsensical rate limit up front, routes as strictly as HubSpot, and its `serve`
command line fails with usage errors and stops quietly on Ctrl-C."""

from __future__ import annotations

import http.client
import math
import os
import re
import select
import signal
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import hubspot_channels.testing._server
from hubspot_channels.testing import FakeHubSpot
from hubspot_channels.testing.__main__ import main as fake_command_line
from tests.support.fake_support import PREFIX, Api, api_for
from tests.support.paths import REPO as ROOT


@pytest.fixture(scope="module", params=["inprocess", "http"])
def api(request: pytest.FixtureRequest) -> Iterator[Api]:
    with api_for(request.param) as api:
        yield api


# --- rate_limit ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate_limit", "error", "needle"),
    [
        ((1, math.nan), ValueError, "seconds"),
        ((1, math.inf), ValueError, "seconds"),
        ((1, 10**400), ValueError, "seconds"),
        ((1, 1e300), ValueError, "at most 86400"),
        ((1, 86_401), ValueError, "at most 86400"),
        ((1, 0), ValueError, "above 0"),
        ((1, -5.0), ValueError, "above 0"),
        ((0, 1.0), ValueError, "at least 1"),
        ((-1, 1.0), ValueError, "at least 1"),
        ((True, 1.0), TypeError, "whole number"),
        ((1.5, 1.0), TypeError, "whole number"),
        (("10", 1.0), TypeError, "whole number"),
        ((1, "1"), TypeError, "seconds must be a number"),
        ((1, True), TypeError, "seconds must be a number"),
        ((1, 1.0, 2), TypeError, "pair"),
        (10, TypeError, "pair"),
    ],
)
def test_a_nonsensical_rate_limit_is_refused_at_construction(
    rate_limit: Any, error: type[Exception], needle: str
) -> None:
    with pytest.raises(error, match="rate_limit") as raised:
        FakeHubSpot(rate_limit=rate_limit)
    assert needle in str(raised.value)


def test_the_largest_rate_limit_window_is_a_day() -> None:
    fake = FakeHubSpot(rate_limit=(1, 86_400))
    # The window's clock stands still: on a busy machine a second may pass between the two requests (the
    # fake takes no monotonic clock of its own; its limiter does).
    limiter = fake._limiter
    limiter._clock = lambda: limiter._window_start
    with api_for("inprocess", fake) as api:
        first, second = api.channels("GET"), api.channels("GET")
    assert first.status_code == 200
    assert first.headers["X-HubSpot-RateLimit-Interval-Milliseconds"] == "86400000"
    assert second.status_code == 429 and second.headers["Retry-After"] == "86400"


# --- routing ------------------------------------------------------------------------------------------------


def test_a_lower_case_method_is_405_with_allow() -> None:
    # httpx upper-cases methods, so the request goes out through http.client, which sends what it is given.
    fake = FakeHubSpot()
    channel = fake.create_channel("c")
    with fake.serve() as base_url:
        host, port = base_url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        query = f"hapikey={fake.developer_api_key}&appId={fake.app_id}"
        try:
            connection.request("get", f"{PREFIX}/{channel['id']}?{query}")
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
    assert response.status == 405, body
    assert response.getheader("Allow") == "DELETE, GET, PATCH"
    assert b'"category":"VALIDATION_ERROR"' in body


@pytest.mark.parametrize("encoded", ["%2F", "%2f"])
def test_an_encoded_slash_in_a_segment_is_404_not_the_shorter_path(api: Api, encoded: str) -> None:
    channel = api.new_channel()
    account = api.new_account(channel["id"])
    assert api.channels("GET", f"/{channel['id']}").status_code == 200  # the path it must not turn into
    for response in (
        api.channels("GET", f"/{channel['id']}{encoded}"),
        api.oauth("GET", f"/{channel['id']}{encoded}channel-accounts"),
        api.oauth("GET", f"/{channel['id']}/channel-accounts/{account['id']}{encoded}"),
    ):
        assert response.status_code == 404, response.request.url
        body = response.json()
        assert body["status"] == "error" and body["category"] == "OBJECT_NOT_FOUND"
        assert "Allow" not in response.headers


def test_head_on_a_get_path_is_405_as_documented(api: Api) -> None:
    response = api.http.request("HEAD", PREFIX, params=api.key)
    assert response.status_code == 405 and response.headers["Allow"] == "GET, POST"


# --- python -m hubspot_channels.testing serve ---------------------------------------------------------------


def _env() -> dict[str, str]:
    paths = [str(ROOT / "facade"), str(ROOT / "generated"), os.environ.get("PYTHONPATH", "")]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}


def _serve(*args: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "hubspot_channels.testing", "serve", "--port", "0", *args]
    return subprocess.Popen(command, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


BAD_RATE_LIMITS = ["0/1", "-1/1", "1/0", "1/-5", "1/nan", "1/inf", "1/1e400", "1/86401", "x/1"]


@pytest.mark.parametrize("value", BAD_RATE_LIMITS)
def test_a_bad_rate_limit_option_is_a_usage_error(
    value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command line's own main, in this process: the option is refused before any server starts."""

    def no_server(*_args: Any) -> Any:
        raise AssertionError(f"--rate-limit={value} was accepted: the server started")

    monkeypatch.setattr(hubspot_channels.testing._server, "make_server", no_server)
    with pytest.raises(SystemExit) as exited:
        fake_command_line(["serve", "--port", "0", f"--rate-limit={value}"])
    out, err = capsys.readouterr()
    assert exited.value.code == 2, err
    assert "usage:" in err and "argument --rate-limit" in err and value in err
    assert out == ""


@pytest.mark.subprocess
def test_a_bad_rate_limit_option_ends_the_process_with_exit_2_and_no_traceback() -> None:
    process = _serve("--rate-limit=1/0")
    try:
        stdout, stderr = process.communicate(timeout=60)  # bounds a server that starts instead
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 2, stderr
    assert "usage:" in stderr and "argument --rate-limit" in stderr and "1/0" in stderr
    assert "Traceback" not in stderr and stdout == ""


def _first_line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], 60)  # bounds a server that never starts
    assert ready, "the fake server printed nothing"
    return process.stdout.readline()


@pytest.mark.subprocess
@pytest.mark.slow
def test_ctrl_c_stops_the_server_quietly() -> None:
    process = _serve("--rate-limit", "100/1")
    try:
        found = re.search(r"http://127\.0\.0\.1:\d+", _first_line(process))
        assert found, "no base URL in the banner"
        answer = httpx.get(
            f"{found.group(0)}{PREFIX}", params={"hapikey": "fake-developer-key", "appId": "123456"}
        )
        assert answer.status_code == 200  # serving, so uvicorn has taken over SIGINT
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
