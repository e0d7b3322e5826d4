"""Faults scheduled over HTTP (POST /_fake/faults), then observed by the public client on each version:
a status N times, Retry-After, a delay beyond the client's timeout, a dropped connection, and a fault
narrowed to one version or path. Then a reset over HTTP, observed by the client."""

from __future__ import annotations

import pytest

from hubspot_channels import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
)


def _fault(control, **fault):
    answer = control.post("/_fake/faults", json=fault)
    assert answer.status_code == 201, answer.text


def _statuses(control, operation):
    return [
        r["status"] for r in control.get("/_fake/requests").json()["results"] if r["operation"] == operation
    ]


def test_a_status_n_times_is_retried_through(served_fake, control, client_on, api_version):
    fake, _ = served_fake
    channel = fake.create_channel("SMS")["id"]
    _fault(control, operation="get_channel", status=503, times=2)
    client = client_on(api_version, max_retries=2)
    assert client.channels.get(channel).name == "SMS"
    assert _statuses(control, "get_channel") == [503, 503, 200]


def test_a_status_beyond_the_retries_surfaces(served_fake, control, client_on, api_version):
    fake, _ = served_fake
    channel = fake.create_channel("SMS")["id"]
    _fault(control, operation="get_channel", status=503, times=None)
    with pytest.raises(InternalServerError) as failed:
        client_on(api_version, max_retries=1).channels.get(channel)
    assert failed.value.status_code == 503
    assert _statuses(control, "get_channel") == [503, 503]


def test_retry_after_reaches_the_client(served_fake, control, client_on, api_version):
    fake, _ = served_fake
    channel = fake.create_channel("SMS")["id"]
    _fault(control, operation="get_channel", status=429, retryAfter=7)
    with pytest.raises(RateLimitError) as limited:
        client_on(api_version, max_retries=0).channels.get(channel)
    assert limited.value.retry_after == 7


def test_a_dropped_connection_is_a_connection_error(served_fake, control, client_on, api_version):
    fake, _ = served_fake
    channel = fake.create_channel("SMS")["id"]
    _fault(control, operation="get_channel", drop="protocol")
    with pytest.raises(APIConnectionError):
        client_on(api_version, max_retries=0).channels.get(channel)
    [logged] = control.get("/_fake/requests").json()["results"]
    assert logged["status"] is None and logged["note"].startswith("dropped")


def test_a_delay_beyond_the_clients_timeout_is_a_timeout_and_never_processed(served_fake, control, client_on):
    fake, _ = served_fake
    _fault(control, operation="create_channel", delay=30)
    with pytest.raises(APITimeoutError):
        client_on("2026-09", max_retries=0, timeout=0.5).channels.create(name="late", capabilities={})
    assert fake.channels == []  # the client gave up before the fake processed the request
    [logged] = control.get("/_fake/requests").json()["results"]
    assert logged["fault"]["delay"] == 30 and logged["status"] is None


def test_a_fault_for_one_version_leaves_the_others_alone(served_fake, control, client_on):
    fake, _ = served_fake
    channel = fake.create_channel("SMS")["id"]
    _fault(control, operation="get_channel", version="v3", status=500, times=None)
    assert client_on("2026-03", max_retries=0).channels.get(channel).name == "SMS"
    assert client_on("2026-09", max_retries=0).channels.get(channel).name == "SMS"
    with pytest.raises(InternalServerError):
        client_on("v3", max_retries=0).channels.get(channel)


def test_a_fault_for_a_path_pattern(served_fake, control, client_on):
    fake, _ = served_fake
    kept, broken = fake.create_channel("kept")["id"], fake.create_channel("broken")["id"]
    _fault(control, path=f"*/{broken}", status=502, times=None)
    client = client_on("2026-03", max_retries=0)
    assert client.channels.get(kept).name == "kept"
    with pytest.raises(InternalServerError):
        client.channels.get(broken)
    with pytest.raises(InternalServerError):
        client.channels.update(broken, name="x")  # any operation on that path
    assert fake.get_channel(broken)["name"] == "broken"  # a faulted request never reaches the state


def test_a_reset_over_http_is_what_the_client_sees_next(served_fake, control, client_on, api_version):
    client = client_on(api_version)
    channel = client.channels.create(name="before the reset", capabilities={})
    assert control.post("/_fake/reset").status_code == 204
    with pytest.raises(NotFoundError):
        client.channels.get(channel.id)
    assert list(client.channels.list()) == []
