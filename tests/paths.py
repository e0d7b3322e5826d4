"""Where the repo and the read-only shared material are (CI clones the repo with ../shared beside it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCRIPTS = REPO / "scripts"
SHARED = Path(os.environ.get("HUBSPOT_SHARED_DIR", REPO.parent / "shared"))
SPECS = SHARED / "hubspot-specs" / "custom-channels"
HISTORY = sorted((SPECS / "history-2026-03").glob("*.json"))
PUBLISHED = sorted(SPECS.glob("*.json")) + HISTORY

if str(SCRIPTS) not in sys.path:  # the pipeline scripts are plain modules, not a package
    sys.path.insert(0, str(SCRIPTS))
