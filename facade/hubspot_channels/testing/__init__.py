"""A faithful local fake of HubSpot's Custom Channels API (2026-03), for tests.

    from hubspot_channels.testing import FakeHubSpot

    fake = FakeHubSpot()
    http = httpx.Client(transport=fake.transport())       # in-process
    with fake.serve() as base_url: ...                     # real HTTP on 127.0.0.1

Import it explicitly: `import hubspot_channels` does not load it (it needs the `testing` extra:
openapi-core and uvicorn).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._app import RequestRecord
    from ._fake import OPERATIONS, FakeHubSpot
    from ._faults import ANY, Fault, FaultQueue
    from ._validation import ResponseValidationError
    from ._webhooks import WebhookDelivery, signed_headers

__all__ = [
    "ANY",
    "OPERATIONS",
    "FakeHubSpot",
    "Fault",
    "FaultQueue",
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
    "FakeHubSpot": "._fake",
    "ANY": "._faults",
    "Fault": "._faults",
    "FaultQueue": "._faults",
    "ResponseValidationError": "._validation",
    "WebhookDelivery": "._webhooks",
    "signed_headers": "._webhooks",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
