"""The conformance check reads openapi/registry.json per payload through a cache: keyed by content."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scripts import conformance_facade
from scripts import registry as reg


def test_an_edit_keeping_size_and_mtime_is_seen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = json.loads(reg.REGISTRY_PATH.read_text(encoding="utf-8"))
    copy = tmp_path / "registry.json"
    copy.write_text(json.dumps(data))
    monkeypatch.setattr(reg, "REGISTRY_PATH", copy)
    before = conformance_facade._loaded_registry()
    stat = copy.stat()
    summary = data["operations"][0]["summary"]
    data["operations"][0]["summary"] = summary[:-1] + ("X" if summary[-1] != "X" else "Y")  # same length
    copy.write_text(json.dumps(data))
    os.utime(copy, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert copy.stat().st_size == stat.st_size and copy.stat().st_mtime_ns == stat.st_mtime_ns
    after = conformance_facade._loaded_registry()
    assert after.operations[0].summary != before.operations[0].summary
    assert after.operations[0].summary == data["operations"][0]["summary"]
