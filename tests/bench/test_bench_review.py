"""The benchmark's reporting, as review 'lazybench' attacked it: startup figures from the dev venv are not
scored as "core dependencies only" (F1), the README block is RESULTS.md's byte for byte (F2), no figure
outside the block is copied by hand (F3), the committed block's core venv is today's (F5), and the pacing
share of a perfect pacer is at most 100 % (F6)."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts.bench import _corevenv, _env, _pacing_shared, _results, _runtime, _startup, _suite, _targets

ROOT = Path(__file__).resolve().parents[2]


# --- F1 ------------------------------------------------------------------------------------------------


class _Figures:
    def __init__(self, **medians: float) -> None:
        self.medians = medians
        self.latencies_ms: list[float] = [1.0]

    def median(self, name: str) -> float | None:
        return self.medians.get(name, 1.0)

    def p99(self) -> float:
        return 1.0


def test_without_the_core_venv_the_core_only_startup_targets_are_not_claimed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_core_venv(*_args: object) -> tuple[Path, list[str]]:
        raise RuntimeError("pip could not install the core dependencies (offline)")

    @contextlib.contextmanager
    def no_server() -> Iterator[str]:
        yield "http://127.0.0.1:9"

    measured_in: list[object] = []

    def startup(specs: list[Any], base_url: str, **kwargs: Any) -> dict[str, Any]:
        measured_in.append(kwargs.get("pythons"))
        return {s.name: _Figures(import_ms=150.0 if "hubspot" in s.name else 100.0) for s in specs}

    monkeypatch.setattr(_corevenv, "ensure", no_core_venv)
    monkeypatch.setattr(_env, "loopback_server", no_server)
    monkeypatch.setattr(_env, "ensure_installed", lambda install: [])
    monkeypatch.setattr(_runtime, "run_sync", lambda specs, *a, **k: {s.name: _Figures() for s in specs})
    monkeypatch.setattr(_runtime, "run_async", lambda specs, *a, **k: {s.name: _Figures() for s in specs})
    monkeypatch.setattr(_startup, "measure", startup)
    run = _suite.Run(quick=True, install=False)
    _suite.compare(run)
    assert measured_in == [{}]  # the control: the startup ran in the dev venv (no interpreter per spec)
    # The target's label says "core dependencies only": a figure from the dev venv must not be scored.
    assert run.measured["import"] is None and run.measured["peak_rss"] is None
    assert run.measured["sync_cpu"] is not None  # the runtime figures do not depend on the venv
    assert "the dev venv" in capsys.readouterr().out  # the table says which venv it measured in
    summary = "\n".join(_suite.summary(run, every_target=True))
    for key in ("import", "peak_rss"):
        line = next(line for line in summary.splitlines() if _targets.BY_KEY[key].label in line)
        assert "[ n/a]" in line and "core venv could not be made" in line


# --- F2 ------------------------------------------------------------------------------------------------


def _written() -> str:
    disturbed = _results.Results(
        {k: ("DISTURBED: others used 1.4 cores" if k == "ext_load" else "x") for k in _results.RUN_KEYS},
        {"--compare": "table", "targets and ext load": "[PASS] sync CPU 1.09x"},
    )
    return _results.render(disturbed)


def test_a_readme_block_that_differs_from_results_md_is_told_apart() -> None:
    written = _written()
    assert "**DISTURBED run**" in written  # the control: the writer marks it
    assert _results.block(written) == written  # and what it writes reads back as it is
    dropped = "\n".join(line for line in written.splitlines() if "**DISTURBED run**" not in line)
    added = written.replace(_results.END, "sync CPU per status update: 0.80x of raw httpx\n" + _results.END)
    changed = written.replace("[PASS] sync CPU 1.09x", "[PASS] sync CPU 0.99x")
    for edited in (dropped, added):
        with pytest.raises(ValueError, match="not what its run wrote"):
            _results.parse(edited)
    assert _results.block(changed) != _results.block(written)  # a changed figure: the two files differ


def test_the_committed_readme_block_is_results_md_byte_for_byte() -> None:
    readme, results = _results.README.read_text(), _results.RESULTS.read_text()
    assert _results.block(readme) == _results.block(results)


# --- F3 ------------------------------------------------------------------------------------------------

# A speed figure: "~15 µs", "~3.5x", "50 us", "twice the CPU", "half the CPU".
_FIGURE = re.compile(
    r"~ ?\d+(\.\d+)? ?(x|us|µs|ms|s|%)(?!\w)|\d+(\.\d+)? ?(µs|us)\b|\b(twice|half) the CPU", re.IGNORECASE
)


def _outside_the_block(text: str) -> str:
    start, end = text.find(_results.BEGIN), text.find(_results.END)
    return text if start < 0 else text[:start] + text[end + len(_results.END) :]


def test_the_readme_and_changelog_carry_no_speed_figure_outside_the_generated_block() -> None:
    for name in ("README.md", "CHANGELOG.md"):
        text = _outside_the_block((ROOT / name).read_text())
        found = [m.group() for m in _FIGURE.finditer(text)]
        assert not found, f"{name}: figures no bench section writes: {found}"
    assert _FIGURE.search("portal = app.for_portal(tokens)  # ~15 µs") is not None  # the control
    assert _FIGURE.search("at about twice the CPU") and _FIGURE.search("~50 us -> ~14 us")


def test_the_aiohttp_docstrings_carry_no_figure_the_bench_does_not_measure() -> None:
    pytest.importorskip("aiohttp")
    from hubspot_channels import transports

    for documented in (transports, transports.AiohttpClient, transports.AiohttpTransport):
        assert not _FIGURE.search(documented.__doc__ or ""), documented


# --- F5 ------------------------------------------------------------------------------------------------


def test_the_committed_startup_figures_were_measured_with_todays_core_dependencies() -> None:
    """Fails until ``make bench-results`` is run at code whose core dependencies are pyproject's."""
    committed = _results.parse(_results.RESULTS.read_text())
    compare = next(body for mode, body in committed.sections.items() if mode.startswith("--compare"))
    found = re.search(r"in \S+bench-core \(core dependencies only: (?P<names>[^)]*)\)", compare)
    assert found, "the compare section names the core venv's set (not the dev venv)"
    written = {name.strip() for name in found["names"].split(",")}
    today = {pin.split("==")[0] for pin in _corevenv.core_requirements()}
    assert written == today, "stale figures: run make bench-results"


# --- F6 ------------------------------------------------------------------------------------------------


def test_the_pacing_share_of_a_perfect_pacer_is_at_most_100_percent() -> None:
    # 600 updates at 100 per 1 s fixed windows, each window filled at its opening (the fake's windows open at
    # 0, 1, ..., 5 s): the best any pacer can do is exactly the limit.
    limit, interval = 100, 1.0
    perfect = [(window * interval + n * 1e-4, True) for window in range(6) for n in range(limit)]
    assert _pacing_shared.goodput_share(perfect, limit, interval, start=0.0) == pytest.approx(1.0)
    # A burst of 429s in the first window, then the same: still at most the limit.
    refused = [(0.5, False)] * 50
    assert _pacing_shared.goodput_share(perfect + refused, limit, interval, start=0.0) <= 1.0


def test_the_suite_reads_the_share_the_pacing_section_prints() -> None:
    line = "  goodput 98.3% of the limit (the fake's accepted-request times, in its windows); elapsed 6.1 s"
    found = _suite._PACING_SHARE.search(line)
    assert found is not None and float(found["share"]) == 98.3
    assert _suite._PACING_SHARE.search("elapsed 5.0 s, goodput 120.0/s = 120.0% of the allowed rate") is None


@pytest.mark.slow
def test_the_real_quick_pacing_run_scores_at_most_100_percent() -> None:
    run = _suite.Run(quick=True)
    _suite.pacing(run)
    share = run.measured["pacing_goodput"]
    assert share is not None and 0 < share <= 100.0
