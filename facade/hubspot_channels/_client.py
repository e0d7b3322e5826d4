"""The clients: ``AsyncCustomChannelsClient`` (``_async_client``, the source) and ``CustomChannelsClient``
(``_sync_client``, generated from it by ``scripts/unasync.py``)."""

from ._async_client import AsyncCustomChannelsClient
from ._sync_client import CustomChannelsClient

__all__ = ["AsyncCustomChannelsClient", "CustomChannelsClient"]
