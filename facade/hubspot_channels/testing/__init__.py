"""A faithful local fake of HubSpot's Custom Channels API (every registered version at once), for tests.

    from hubspot_channels.testing import FakeHubSpot

    fake = FakeHubSpot()
    http = httpx.Client(transport=fake.transport())       # in-process
    with fake.serve() as base_url: ...                     # real HTTP on 127.0.0.1; control API at /_fake

Import it explicitly: `import hubspot_channels` does not load it (it needs the `testing` extra:
openapi-core and uvicorn; without it, a name of this package raises MissingExtraError, which says
`pip install 'hubspot-channels[testing]'`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._app import RequestRecord
    from ._fake import OPERATIONS, VERSIONS, FakeHubSpot
    from ._faults import ANY, Fault, FaultQueue
    from ._validation import ResponseValidationError
    from ._webhooks import WebhookDelivery, signed_headers

__all__ = [
    "ANY",
    "INSTALL_HINT",
    "OPERATIONS",
    "VERSIONS",
    "FakeHubSpot",
    "Fault",
    "FaultQueue",
    "MissingExtraError",
    "RequestRecord",
    "ResponseValidationError",
    "WebhookDelivery",
    "signed_headers",
]

# Resolved on first use (PEP 562) so that importing the pytest plugin, a submodule, does not
# import openapi-core: pytest loads the plugin wherever the package is installed.
_HOMES = {
    "RequestRecord": "._app",
    "OPERATIONS": "._fake",
    "VERSIONS": "._fake",
    "FakeHubSpot": "._fake",
    "ANY": "._faults",
    "Fault": "._faults",
    "FaultQueue": "._faults",
    "ResponseValidationError": "._validation",
    "WebhookDelivery": "._webhooks",
    "signed_headers": "._webhooks",
}


INSTALL_HINT = "pip install 'hubspot-channels[testing]'"


class MissingExtraError(ModuleNotFoundError):
    """The `testing` extra is not installed; the message is one line saying how to install it."""


def import_part(home: str) -> Any:
    """Import a submodule of the fake, turning a missing dependency of the extra into MissingExtraError."""
    try:
        return importlib.import_module(home, __name__)
    except ModuleNotFoundError as exc:
        missing = (exc.name or "").split(".")[0]
        if missing in {"", "hubspot_channels", "hubspot_channels_api"}:
            raise  # our own module: a broken install, not a missing extra
        message = (
            f"hubspot_channels.testing needs the 'testing' extra (no module {missing!r}): {INSTALL_HINT}"
        )
        raise MissingExtraError(message, name=exc.name) from exc


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_part(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
