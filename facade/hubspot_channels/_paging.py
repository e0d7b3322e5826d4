"""The pagers: ``AsyncPager`` (``_async_paging``, the source) and ``SyncPager`` (``_sync_paging``, generated
from it by ``scripts/unasync.py``)."""

from ._async_paging import AsyncPager
from ._sync_paging import SyncPager

__all__ = ["AsyncPager", "SyncPager"]
