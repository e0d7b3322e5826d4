"""check-upstream compares like with like: both documents normalized the way generation sees them."""

import json
from pathlib import Path

import pytest

from scripts import ci_api_diff
from tests.support.paths import REPO, SPECS

VERSIONS = [path.stem for path in sorted(SPECS.glob("*.json"))]


def upstream(published: Path, *extra: str) -> int:
    spec = "openapi/custom-channels-2026-03.json"
    return ci_api_diff.main(
        ["--repo", str(REPO), "check-upstream", "--spec", spec, "--published", str(published), *extra]
    )


@pytest.mark.parametrize("version", VERSIONS)
def test_the_document_a_spec_was_vendored_from_gives_zero_entries(
    version: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = f"openapi/custom-channels-{version}.json"
    if not (REPO / spec).is_file():
        pytest.skip(f"{spec} is not vendored")
    status = ci_api_diff.main(
        [
            "--repo",
            str(REPO),
            "--format",
            "json",
            "check-upstream",
            "--spec",
            spec,
            "--published",
            str(SPECS / f"{version}.json"),
        ]
    )
    out = capsys.readouterr().out
    report = json.loads(out[: out.rindex("}") + 1])
    assert (status, report["changes"]) == (0, [])


def test_cosmetic_entries_are_hidden_unless_asked_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    published = json.loads((SPECS / "2026-03.json").read_text())
    published["info"]["title"] = "Renamed"  # cosmetic, and it survives prose stripping and normalization
    published["paths"][next(iter(published["paths"]))]["get"]["description"] = "new prose"  # stripped
    path = tmp_path / "published.json"
    path.write_text(json.dumps(published))
    assert upstream(path) == 0
    out = capsys.readouterr().out
    assert "info-changed" not in out and "1 cosmetic change(s) hidden" in out
    assert upstream(path, "--show-cosmetic") == 0
    out = capsys.readouterr().out
    assert "[info-changed] 1 place(s)" in out and "hidden" not in out


def test_a_real_change_is_still_reported_and_blocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    published = json.loads((SPECS / "2026-03.json").read_text())
    schemas = published["components"]["schemas"]
    name = next(n for n, s in schemas.items() if s.get("properties"))
    schemas[name]["properties"].pop(next(iter(schemas[name]["properties"])))
    path = tmp_path / "published.json"
    path.write_text(json.dumps(published))
    assert upstream(path) == 1
    assert "property-removed" in capsys.readouterr().out
