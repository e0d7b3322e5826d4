"""The one place the tests find the repo and the read-only shared material (CI clones the repo with ../shared
beside it; HUBSPOT_SHARED_DIR points elsewhere). Publications are read as they are found, never counted."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("HUBSPOT_SHARED_DIR", REPO.parent / "shared"))
SPECS = SHARED / "hubspot-specs" / "custom-channels"
HISTORY = sorted((SPECS / "history-2026-03").glob("*.json"))
PUBLISHED = sorted(SPECS.glob("*.json")) + HISTORY
