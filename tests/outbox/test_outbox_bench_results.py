"""The generated benchmark block (``python -m scripts bench ... --write-results``): the committed one in
scripts/bench/RESULTS.md and the README's parse, agree, and name what they must (not the numbers, which
follow the machine); rendering and parsing round-trip; a hand-mangled block is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.bench import _results as results


def test_the_committed_results_and_the_readme_block_parse_and_agree() -> None:
    committed = results.parse(results.RESULTS.read_text())
    assert results.parse(results.README.read_text()) == committed
    assert all(committed.run[key] for key in results.RUN_KEYS)
    outbox = next(body for mode, body in committed.sections.items() if mode.startswith("--outbox"))
    assert "SQLite" in outbox and "Redis" in outbox and "lost updates: 0" in outbox
    assert any(mode.startswith("--pacing --processes") for mode in committed.sections)


def test_render_and_parse_round_trip_and_write_fills_the_readme_block(tmp_path: Path) -> None:
    run = {key: f"{key} value" for key in results.RUN_KEYS}
    made = results.Results(run, {"--outbox": "line one\n  line two", "--pacing": "goodput 95%"})
    assert results.parse(results.render(made)) == made
    readme = tmp_path / "README.md"
    readme.write_text(f"intro\n\n{results.BEGIN}\nold figures\n{results.END}\n\nrest\n")
    written = list(results.write(made, results_file=tmp_path / "RESULTS.md", readme=readme))
    assert written == [tmp_path / "RESULTS.md", readme]
    text = readme.read_text()
    assert text.startswith("intro\n\n") and text.endswith("\n\nrest\n") and "old figures" not in text
    assert results.parse(text) == made == results.parse((tmp_path / "RESULTS.md").read_text())


@pytest.mark.parametrize(
    "mangle",
    [
        lambda block: block.replace(results.NOTICE, "figures typed in"),
        lambda block: block.replace("; commit=", "; revision="),
        lambda block: block.replace("### --outbox", "--outbox"),
        lambda block: block.replace(results.END, ""),
    ],
)
def test_a_mangled_block_is_refused(mangle) -> None:
    block = results.render(results.Results({k: "x" for k in results.RUN_KEYS}, {"--outbox": "figures"}))
    with pytest.raises(ValueError):
        results.parse(mangle(block))
