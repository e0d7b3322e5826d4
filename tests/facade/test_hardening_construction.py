"""Bad configuration is refused when the client is built, with an error that names the problem and never the
secret; nothing is sent."""

from __future__ import annotations

import math

import httpx
import pytest

from hubspot_channels import AsyncCustomChannelsClient, ConfigurationError, CustomChannelsClient
from tests.support.facade_helpers import DEV_KEY, TOKEN

CLIENTS = [CustomChannelsClient, AsyncCustomChannelsClient]
BAD_SUFFIXES = {
    "trailing newline": "\n",
    "CR LF": "\r\n",
    "space": " ",
    "tab": "\t",
    "NUL": "\x00",
    "escape": "\x1b",
    "DEL": "\x7f",
    "non-ASCII": "é",
    "lone surrogate": "\ud800",
}


def refused(**kwargs: object) -> ConfigurationError:
    with pytest.raises(ConfigurationError) as caught:
        CustomChannelsClient(**kwargs)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize("client_class", CLIENTS)
@pytest.mark.parametrize("suffix", BAD_SUFFIXES.values(), ids=BAD_SUFFIXES.keys())
@pytest.mark.parametrize("argument", ["access_token", "developer_api_key"])
def test_a_credential_with_whitespace_or_control_characters_is_refused_without_echoing_it(
    client_class: type, suffix: str, argument: str
) -> None:
    secret = (TOKEN if argument == "access_token" else DEV_KEY) + suffix
    with pytest.raises(ConfigurationError) as caught:
        client_class(**{argument: secret})
    text = f"{caught.value} {caught.value!r}"
    assert argument in text
    assert TOKEN not in text and DEV_KEY not in text


@pytest.mark.parametrize(
    ("variable", "value"),
    [("HUBSPOT_ACCESS_TOKEN", TOKEN + "\n"), ("HUBSPOT_DEVELOPER_API_KEY", " " + DEV_KEY)],
)
def test_a_credential_from_the_environment_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)
    error = refused()
    assert variable in str(error)
    assert "newline" in str(error) or "space" in str(error)
    assert value.strip() not in str(error)


def test_a_token_that_is_not_a_string_is_refused() -> None:
    assert "access_token must be a string" in str(refused(access_token=12345))


@pytest.mark.parametrize("app_id", ["abc", "12a", "-5", "0", "1.5", "٣", True, 1.0, "9" * 25])
def test_a_non_numeric_app_id_is_refused(app_id: object) -> None:
    assert "app_id" in str(refused(app_id=app_id))


@pytest.mark.parametrize("app_id", [424242, "424242", " 424242 "])
def test_numeric_app_ids_are_accepted(app_id: object) -> None:
    client = CustomChannelsClient(access_token=TOKEN, developer_api_key=DEV_KEY, app_id=app_id)  # type: ignore[arg-type]
    client.close()


@pytest.mark.parametrize(
    ("base_url", "problem"),
    [
        ("http://h:abc", "not a valid URL"),
        ("http://[::1", "not a valid URL"),
        ("http://a\nb", "control"),
        ("http://h\\\\x", "backslashes"),
        ("http://h/a/../b", "segments"),
        ("http://h/%zz", "%-escape"),
        ("http://host/path?x=1", "query"),
        ("http://host/path#frag", "fragment"),
        ("http://user:pw@host", "user:password@"),
        ("ftp://host", "http:// or https://"),
        ("host.example", "http:// or https://"),
        ("http://", "no host"),
        ("http://h:99999", "invalid port"),
    ],
)
def test_a_base_url_that_would_misroute_every_call_is_refused(base_url: str, problem: str) -> None:
    error = refused(access_token=TOKEN, base_url=base_url)
    assert problem in str(error)
    assert "pw" not in str(error)


def test_a_base_url_from_the_environment_is_checked_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HUBSPOT_BASE_URL", "http://host?x=1")
    assert "query" in str(refused(access_token=TOKEN))


@pytest.mark.parametrize(
    "base_url", ["http://127.0.0.1:8080", "https://api.hubapi.com/", "http://[::1]:81/prefix"]
)
def test_good_base_urls_are_kept_without_a_trailing_slash(base_url: str) -> None:
    with CustomChannelsClient(access_token=TOKEN, base_url=base_url) as client:
        assert client.base_url == base_url.rstrip("/")


@pytest.mark.parametrize("timeout", [-1, 0, "5", math.nan, math.inf, True, httpx.Timeout(5.0, read=-1)])
def test_a_bad_timeout_is_refused(timeout: object) -> None:
    assert "timeout" in str(refused(access_token=TOKEN, timeout=timeout))


@pytest.mark.parametrize("deadline", [-1, 0, "5", math.nan, math.inf, False])
def test_a_bad_deadline_is_refused(deadline: object) -> None:
    assert "deadline" in str(refused(access_token=TOKEN, deadline=deadline))
    with CustomChannelsClient(access_token=TOKEN) as client, pytest.raises(ConfigurationError):
        client.with_options(deadline=deadline)  # type: ignore[arg-type]


def test_a_bad_timeout_in_with_options_is_refused() -> None:
    with CustomChannelsClient(access_token=TOKEN) as client, pytest.raises(ConfigurationError):
        client.with_options(timeout=math.nan)


def test_nothing_is_sent_when_construction_fails() -> None:
    sent: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(500))
    with pytest.raises(ConfigurationError):
        CustomChannelsClient(access_token=TOKEN + "\n", http_client=httpx.Client(transport=transport))
    assert sent == []
