"""python -m scripts generate on a document the registry cannot read (late review F5): one line, nothing
written, no traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from scripts import generate, registry_module
from scripts._spec_io import OPENAPI_DIR


def test_a_document_missing_an_operation_stops_generation_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    openapi = tmp_path / "openapi"
    shutil.copytree(OPENAPI_DIR, openapi)
    document_path = openapi / "custom-channels-2026-03.json"
    document = json.loads(document_path.read_text(encoding="utf-8"))
    status_path = next(path for path in document["paths"] if path.endswith("/messages/{messageId}"))
    del document["paths"][status_path]
    document_path.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(registry_module, "OPENAPI_DIR", openapi)
    generated = tmp_path / "generated"

    assert generate.main(["--generated-dir", str(generated)]) == 1

    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("nothing generated: ") and err.count("\n") == 1
    assert "2026-03" in err
    assert not any(generated.rglob("*.py")), "a document the registry cannot read must stop before writing"
