"""ci check-upstream with an openapi/registry.json that is not JSON (late review F4): 'error:' and exit 2."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts import ci_api_diff
from scripts._spec_io import REPO

SHARED_DOCUMENT = REPO.parent / "shared" / "hubspot-specs" / "custom-channels" / "2026-03.json"


@pytest.mark.parametrize("registry_text", ["{not json", "\xff\xfe", "[]"])
def test_an_unreadable_registry_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], registry_text: str
) -> None:
    if not SHARED_DOCUMENT.is_file():
        pytest.skip("../shared is not beside the repo")
    (tmp_path / "openapi").mkdir()
    shutil.copy(REPO / "openapi" / "custom-channels-2026-03.json", tmp_path / "openapi")
    (tmp_path / "openapi" / "registry.json").write_bytes(registry_text.encode("latin-1"))

    status = ci_api_diff.main(
        [
            "--repo",
            str(tmp_path),
            "check-upstream",
            "--spec",
            "openapi/custom-channels-2026-03.json",
            "--published",
            str(SHARED_DOCUMENT),
        ]
    )

    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("error: openapi/registry.json: ") and "Traceback" not in err
