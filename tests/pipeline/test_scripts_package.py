"""scripts/ is one package with one entry point (``python -m scripts <command>``): every command is reachable
through it, every make target uses it, and the modules import each other as a package (no sys.path edits, one
import style, no script started as a subprocess of another)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from scripts.__main__ import COMMANDS, main
from tests.support.paths import REPO

SCRIPTS = REPO / "scripts"
SOURCES = sorted(SCRIPTS.rglob("*.py"))
EXPECTED_COMMANDS = {
    "vendor", "generate", "bump", "diff", "surface", "ci", "upstream-watch", "bench", "unasync", "demo"
}  # fmt: skip
MAKE_TARGETS = {
    "generate": "generate",
    "check-generated": "generate",
    "api-diff": "diff",
    "api-diff-ci": "ci",
    "check-upstream": "ci",
    "upstream-watch": "upstream-watch",
    "upstream-revendor": "bump",
    "bench": "bench",
    "bench-pacing": "bench",
    "bench-fake": "bench",
    "bump": "bump",
    "demo": "demo",
    "unasync": "unasync",
    "check-unasync": "unasync",
}


def test_the_entry_point_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert set(COMMANDS) == EXPECTED_COMMANDS
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(re.search(rf"^  {name}\s", out, re.MULTILINE) for name in EXPECTED_COMMANDS), out


@pytest.mark.parametrize("argv", [[], ["no-such-command"]], ids=["nothing", "unknown"])
def test_no_or_an_unknown_command_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "usage: python -m scripts <command>" in err


@pytest.mark.parametrize("command", sorted(EXPECTED_COMMANDS))
def test_each_command_describes_itself_under_its_own_name(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: python -m scripts {command} ")


def test_arguments_reach_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    """The committed packages: 2026-03 -> 2026-09 breaks (senderActorId is gone), 2026-03 -> v3 does not."""
    generated = REPO / "generated"
    base = str(generated / "hubspot_channels_api" / "v2026_03")
    assert (
        main(["surface", base, str(generated / "hubspot_channels_api" / "v2026_09"), "--fail-on-breaking"])
        == 1
    )
    assert "ChannelIntegrationParticipant.sender_actor_id" in capsys.readouterr().out
    assert main(["surface", base, str(generated / "hubspot_channels_api" / "v3"), "--fail-on-breaking"]) == 0
    assert capsys.readouterr().out.startswith("0 breaking, 0 additive")


def make_recipes() -> dict[str, list[str]]:
    text = (REPO / "Makefile").read_text()
    return {
        target: [line.strip() for line in body.splitlines()]
        for target, body in re.findall(r"^([a-z-]+):.*\n((?:\t.*\n?)*)", text, re.MULTILINE)
    }


@pytest.mark.parametrize(("target", "command"), sorted(MAKE_TARGETS.items()))
def test_make_targets_use_the_entry_point(target: str, command: str) -> None:
    (recipe,) = make_recipes()[target]
    assert recipe.startswith(f"$(PY) -m scripts {command}"), recipe


def test_typecheck_covers_scripts_and_no_recipe_runs_a_script_file() -> None:
    recipes = make_recipes()
    assert recipes["typecheck"] == ["$(PY) -m mypy --strict facade/hubspot_channels scripts"]
    for target, lines in recipes.items():
        for line in lines:
            assert not re.search(r"scripts/\S+\.py|scripts\.\w", line), f"{target}: {line}"


def module_names() -> set[str]:
    """What a bare ``import x`` of a sibling would name: the package's modules and subpackages."""
    return {path.stem for path in SCRIPTS.glob("*.py")} | {
        path.parent.name for path in SCRIPTS.glob("*/__init__.py")
    }


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: str(path.relative_to(SCRIPTS)))
def test_modules_import_each_other_relatively_and_leave_sys_path_alone(source: Path) -> None:
    tree = ast.parse(source.read_text(), filename=str(source))
    siblings = module_names()
    for node in ast.walk(tree):
        where = f"{source.relative_to(REPO)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Attribute) and node.attr == "path":
            assert not (isinstance(node.value, ast.Name) and node.value.id == "sys"), f"{where}: sys.path"
        if isinstance(node, ast.ImportFrom) and node.level == 0:
            top = (node.module or "").split(".")[0]
            assert top != "scripts" and top not in siblings, f"{where}: absolute import of {node.module}"
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                assert top != "scripts" and top not in siblings, f"{where}: absolute import of {alias.name}"


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: str(path.relative_to(SCRIPTS)))
def test_no_script_starts_another_as_a_subprocess(source: Path) -> None:
    """Scripts call each other as functions; a process of its own is for the generator, git, pip, make and
    the benchmark's server and fresh interpreters, never for one of our commands."""
    tree = ast.parse(source.read_text(), filename=str(source))
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "subprocess"
        ):
            continue
        words = [
            leaf.value
            for argument in [*node.args, *(keyword.value for keyword in node.keywords)]
            for leaf in ast.walk(argument)
            if isinstance(leaf, ast.Constant) and isinstance(leaf.value, str)
        ]
        offending = [word for word in words if word == "scripts" or re.search(r"scripts[./]", word)]
        assert not offending, f"{source.relative_to(REPO)}:{node.lineno} runs {offending}"
