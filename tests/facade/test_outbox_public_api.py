"""The public surface of ``hubspot_channels.outbox``: a committed snapshot of its names and signatures, like
the package's own (tests/test_facade_public_api.py renders the classes). Regenerate with UPDATE_SNAPSHOTS=1."""

from __future__ import annotations

import difflib
import inspect
import os
from pathlib import Path

from hubspot_channels import outbox
from tests.facade.test_facade_public_api import _clean, render_class

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "outbox_api.txt"


def render() -> str:
    lines = [
        f"# hubspot_channels.outbox public API; regenerate with UPDATE_SNAPSHOTS=1 (see {Path(__file__).name})"
    ]
    for name in sorted(outbox.__all__):
        obj = getattr(outbox, name)
        if inspect.isclass(obj):
            render_class(name, obj, lines)
        elif inspect.isfunction(obj):
            lines.append(f"def {name}{_clean(str(inspect.signature(obj)))}")
        else:
            lines.append(f"{name}: {type(obj).__name__} = {obj!r}")
    return "\n".join(lines) + "\n"


def test_outbox_public_api_snapshot() -> None:
    current = render()
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(current)
    committed = SNAPSHOT.read_text() if SNAPSHOT.exists() else ""
    diff = "".join(
        difflib.unified_diff(committed.splitlines(True), current.splitlines(True), "committed", "now")
    )
    assert current == committed, (
        "The outbox's public API changed. If that is intended, update the snapshot and commit it:\n"
        f"    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/facade/{Path(__file__).name}\n\n{diff}"
    )


def test_all_is_exact() -> None:
    public = {name for name in vars(outbox) if not name.startswith("_") and name != "annotations"}
    submodules = {name for name in public if inspect.ismodule(getattr(outbox, name))}
    assert set(outbox.__all__) == public - submodules
