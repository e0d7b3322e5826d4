"""The old import path of the sync drainer (generated now: _sync_drain.py)."""

from ._sync_drain import OutboxDrainer

__all__ = ["OutboxDrainer"]
