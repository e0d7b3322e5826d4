"""The facade tier: the client against a recording mock transport or a raw socket server on 127.0.0.1.

The API version is an axis only where behaviour varies by version (paths, fields a version has): such a test
or module asks for ``api_version`` (``pytest.mark.usefixtures("api_version")``) and runs once per version;
every other test runs on the default version."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from hubspot_channels import DEFAULT_API_VERSION
from tests.support.facade_helpers import TEST_VERSIONS, use_version


@pytest.fixture(params=TEST_VERSIONS)  # make bump selects the new version only
def api_version(request: pytest.FixtureRequest) -> Iterator[str]:
    """The test runs once per API version; ``Api(...)`` and ``url_path()`` follow it."""
    use_version(request.param)
    try:
        yield request.param
    finally:
        use_version(DEFAULT_API_VERSION)
