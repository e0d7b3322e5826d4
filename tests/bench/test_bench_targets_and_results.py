"""The targets are issue 16's, stated once and printed PASS/FAIL; the committed figures block is a run's
(README and RESULTS.md agree, every section of ``--all`` and every target present), and a disturbed run is
written only when asked, marked DISTURBED."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scripts.bench import _cli, _results, _suite, _targets
from scripts.bench._extload import DISTURBED_ABOVE_CORES, Meter, Phase

ISSUE_16 = {  # key: (limit, at least)
    "sync_cpu": (1.15, False),
    "import": (1.20, False),
    "peak_rss": (1.10, False),
    "async_httpx_c50": (1.00, True),
    "async_aiohttp_c50": (0.60, True),
    "fake_validation": (3.0, False),
    "pacing_goodput": (95.0, True),
}


def test_the_table_holds_issue_16_targets() -> None:
    assert {t.key: (t.limit, t.at_least) for t in _targets.TARGETS} == ISSUE_16


def test_a_target_prints_pass_fail_or_not_measured_and_a_veto_fails_it() -> None:
    sync = _targets.BY_KEY["sync_cpu"]
    assert _targets.check(sync, 1.10).startswith("  [PASS]")
    assert _targets.check(sync, 1.20).startswith("  [FAIL]")
    assert _targets.check(sync, None).startswith("  [ n/a]")
    goodput = _targets.BY_KEY["pacing_goodput"]
    assert _targets.check(goodput, 97.0).startswith("  [PASS]") and "97.0%" in _targets.check(goodput, 97.0)
    assert _targets.check(goodput, 97.0, "2 rate-limit errors surfaced").startswith("  [FAIL]")
    lines = _targets.report({"import": 1.3}, only_measured=True)
    assert len(lines) == 1 and lines[0].startswith("  [FAIL] import")
    assert len(_targets.report({})) == len(_targets.TARGETS)


def _meter(cores: float) -> Meter:
    return Meter([Phase("sync", wall_s=10.0, others_cpu_s=10.0 * cores)])


def test_a_disturbed_run_is_refused_unless_allowed_and_then_marked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results_file, readme = tmp_path / "RESULTS.md", tmp_path / "README.md"
    readme.write_text(f"intro\n{_results.BEGIN}\nold\n{_results.END}\n")
    monkeypatch.setattr(_results, "RESULTS", results_file)
    monkeypatch.setattr(_results, "README", readme)
    outputs = {"--compare": "table", "targets and ext load": "targets"}
    disturbed = _suite.Run(meter=_meter(DISTURBED_ABOVE_CORES * 3))
    assert _cli._write(disturbed, outputs, "1.00/1.00", allow_disturbed=False) == _cli.DISTURBED_EXIT
    assert not results_file.exists() and "old" in readme.read_text()
    assert _cli._write(disturbed, outputs, "1.00/1.00", allow_disturbed=True) == 0
    written = _results.parse(results_file.read_text())
    assert written.disturbed and "**DISTURBED run**" in results_file.read_text()
    assert _results.parse(readme.read_text()) == written and written.sections == outputs
    quiet = _suite.Run(meter=_meter(DISTURBED_ABOVE_CORES / 3))
    assert _cli._write(quiet, outputs, "0.10/0.10", allow_disturbed=False) == 0
    assert not _results.parse(readme.read_text()).disturbed
    assert "DISTURBED" not in results_file.read_text()


def test_the_committed_block_is_one_run_of_every_section_with_every_target() -> None:
    committed = _results.parse(_results.RESULTS.read_text())
    assert _results.block(_results.README.read_text()) == _results.block(_results.RESULTS.read_text())
    modes = [
        re.sub(r"--processes \d+", "--processes N", m.removesuffix(" --quick")) for m in committed.sections
    ]
    expected = ["--compare", "--fake", "--profile", "--pacing", "--pacing --processes N", "--outbox"]
    assert modes == [*expected, "targets and ext load"]
    assert committed.run["ext_load"].split(":")[0] in ("undisturbed", "DISTURBED")
    assert committed.disturbed == ("**DISTURBED run**" in _results.RESULTS.read_text())
    summary = committed.sections["targets and ext load"]
    for target in _targets.TARGETS:
        assert target.label in summary
    assert "ext load" in summary and "whole run" in summary
    compare = next(body for mode, body in committed.sections.items() if mode.startswith("--compare"))
    assert "sync client" in compare and "async client" in compare and "bench-core" in compare
    profile = next(body for mode, body in committed.sections.items() if mode.startswith("--profile"))
    assert "where the time goes" in profile and "hubspot_channels" in profile
