"""The public API does not depend on the API version: the committed snapshot (tests/snapshots/public_api.txt,
rendered by tests/test_facade_public_api.py) comes out identical from clients of every version, and every
version's resources have the same public methods with the same signatures. An unknown version is refused with
the list of the available ones."""

from __future__ import annotations

import inspect
from typing import Any

import pytest

import tests.facade.test_facade_public_api as public_api
from hubspot_channels import (
    API_VERSIONS,
    DEFAULT_API_VERSION,
    AsyncCustomChannelsClient,
    ConfigurationError,
    CustomChannelsClient,
)
from tests.support.facade_helpers import TOKEN

CLIENT_CLASSES = [CustomChannelsClient, AsyncCustomChannelsClient]


def clients_of(version: str) -> list[Any]:
    kwargs: dict[str, Any] = {
        "access_token": "t",
        "developer_api_key": "k",
        "app_id": 1,
        "api_version": version,
    }
    return [CustomChannelsClient(**kwargs), AsyncCustomChannelsClient(**kwargs)]


def surface(client: Any) -> dict[str, Any]:
    """Each resource's class and its public methods: signature, sync or async."""
    result: dict[str, Any] = {}
    for resource_name in public_api.RESOURCES:
        cls = type(getattr(client, resource_name))
        methods = public_api.public_methods(cls)
        assert methods, resource_name
        result[resource_name] = (
            cls,
            {
                name: (str(inspect.signature(method)), inspect.iscoroutinefunction(method))
                for name, method in methods.items()
            },
        )
    return result


@pytest.mark.parametrize("version", API_VERSIONS)
def test_snapshot_is_the_same_from_every_version(version: str, monkeypatch: pytest.MonkeyPatch) -> None:
    built = clients_of(version)
    assert [client.api_version for client in built] == [version, version]
    monkeypatch.setattr(public_api, "clients", lambda: built)

    rendered = public_api.render_public_api()

    assert rendered == public_api.SNAPSHOT.read_text(), (
        f"the public API rendered from {version} clients differs from the committed snapshot "
        f"(run {public_api.__name__} first: if it fails too, the snapshot is stale)"
    )


@pytest.mark.parametrize("index", [0, 1], ids=["sync", "async"])
def test_resources_are_identical_across_versions(index: int) -> None:
    surfaces = {version: surface(clients_of(version)[index]) for version in API_VERSIONS}
    default = surfaces[DEFAULT_API_VERSION]
    for version, found in surfaces.items():
        assert found == default, version


@pytest.mark.parametrize("client_class", CLIENT_CLASSES)
def test_client_reports_its_version(client_class: Any) -> None:
    assert client_class(access_token=TOKEN).api_version == DEFAULT_API_VERSION == "2026-03"
    for version in API_VERSIONS:
        client = client_class(access_token=TOKEN, api_version=version)
        assert client.api_version == version
        assert client.with_options(max_retries=0).api_version == version


@pytest.mark.parametrize("client_class", CLIENT_CLASSES)
@pytest.mark.parametrize("version", ["2025-09", "2026-06", "v2", "v4", "", "2026_03", "V3", "latest"])
def test_unknown_version_lists_the_available_ones(client_class: Any, version: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        client_class(access_token=TOKEN, api_version=version)
    text = str(caught.value)
    assert repr(version) in text
    assert "2026-03, 2026-09, v3" in text
    assert all(available in text for available in API_VERSIONS)
