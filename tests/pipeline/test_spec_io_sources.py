"""Local sources that never end and URLs whose query is a bare secret (late review F1, F2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scripts import _spec_io
from scripts._spec_io import SourceError, read_source, redact_source
from scripts.apidiff import _load as apidiff_load


@pytest.fixture(params=["fifo", "dev-zero-link"])
def endless(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A path whose reading would never end (a FIFO nobody writes to blocks even the open)."""
    path = tmp_path / "spec.json"
    if request.param == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    return path


def test_vendor_and_bump_refuse_a_source_that_is_not_a_regular_file(endless: Path) -> None:
    with pytest.raises(SourceError, match="not a regular file"):
        read_source(str(endless))


def test_diff_refuses_a_source_that_is_not_a_regular_file(endless: Path) -> None:
    with pytest.raises(apidiff_load.InputError, match="not a regular file"):
        apidiff_load.read_source(str(endless))


def test_a_local_file_at_the_limit_is_read_and_one_byte_over_is_refused(tmp_path: Path) -> None:
    document = tmp_path / "spec.json"
    document.write_bytes(b" " * 100)
    assert read_source(str(document), limit=100) == b" " * 100
    with pytest.raises(SourceError, match="more than the 99 "):
        read_source(str(document), limit=99)


def test_diff_reads_a_local_file_within_the_same_bound(tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("wb") as out:
        out.truncate(_spec_io.MAX_BYTES + 1)
    with pytest.raises(apidiff_load.InputError, match="more than the 20971520 accepted"):
        apidiff_load.read_source(str(huge))


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://h.example/spec.json?s3cr3t", "https://h.example/spec.json?REDACTED"),
        (
            "https://h.example/spec.json?a=1&s3cr3t&&b",
            "https://h.example/spec.json?a=REDACTED&REDACTED&REDACTED",
        ),
        ("https://h.example/spec.json?hapikey=s3cr3t", "https://h.example/spec.json?hapikey=REDACTED"),
        ("https://h.example/spec.json?=s3cr3t", "https://h.example/spec.json?=REDACTED"),
    ],
)
def test_a_bare_query_piece_is_not_shown(url: str, shown: str) -> None:
    assert redact_source(url) == shown
    assert "s3cr3t" not in redact_source(url)
