"""The generated-package surface diff, on hand-written packages and on packages generated from publications."""

import subprocess
from pathlib import Path

import pytest

from scripts.surface_diff import diff_surfaces, find_package, main, read_surface
from tests.support.paths import REPO, SPECS

HISTORY = {path.name[:2]: path for path in (SPECS / "history-2026-03").glob("*.json")}
GENERATOR = REPO / ".venv" / "bin" / "openapi-python-client"

OP_MODULE = """
def _get_kwargs(channel_id: int) -> dict: ...
def sync(channel_id: int, *, client: AuthenticatedClient) -> Message | None: ...
async def asyncio(channel_id: int, *, client: AuthenticatedClient) -> Message | None: ...
"""
MODEL_MODULE = """
@_attrs_define
class Message:
    id: str
    text: str | Unset = UNSET
    _private: int = 0
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)
    def to_dict(self) -> dict[str, Any]: ...

class MessageDirection(str, Enum):
    INCOMING = "INCOMING"
    OUTGOING = "OUTGOING"
"""


def write_package(root: Path, op_module: str = OP_MODULE, model_module: str = MODEL_MODULE) -> Path:
    package = root / "client"
    (package / "api" / "messages").mkdir(parents=True)
    (package / "models").mkdir()
    for init in (package, package / "api", package / "api" / "messages", package / "models"):
        (init / "__init__.py").write_text("")
    (package / "api" / "messages" / "get_message.py").write_text(op_module)
    (package / "models" / "message.py").write_text(model_module)
    return package


def kinds(old: Path, new: Path) -> set[tuple[str, str]]:
    return {(c.kind, c.name) for c in diff_surfaces(read_surface(old), read_surface(new))}


def test_identical_packages_have_no_surface_change(tmp_path: Path) -> None:
    package = write_package(tmp_path)
    assert kinds(package, package) == set()


def test_find_package_accepts_the_output_dir_or_the_package(tmp_path: Path) -> None:
    package = write_package(tmp_path)
    assert find_package(tmp_path) == package == find_package(package)
    with pytest.raises(ValueError):
        find_package(tmp_path / "client" / "models")


def test_function_signature_and_field_changes(tmp_path: Path) -> None:
    old = write_package(tmp_path / "old")
    new = write_package(
        tmp_path / "new",
        OP_MODULE.replace("channel_id: int", "channel_id: str"),
        MODEL_MODULE.replace("text: str | Unset = UNSET", "text: str").replace(
            '    OUTGOING = "OUTGOING"\n', "    archived: bool | Unset = UNSET\n"
        ),
    )
    assert kinds(old, new) == {
        ("function-changed", "api.messages.get_message.sync"),
        ("function-changed", "api.messages.get_message.asyncio"),
        ("field-changed", "models.message.Message.text"),
        ("field-removed", "models.message.MessageDirection.OUTGOING"),
        ("field-added", "models.message.MessageDirection.archived"),
    }
    changed = {c.name: c for c in diff_surfaces(read_surface(old), read_surface(new))}
    assert changed["models.message.Message.text"].old == "str | Unset = ..."
    assert changed["api.messages.get_message.sync"].new.startswith("def sync(channel_id: str")


def test_module_and_class_added_and_removed(tmp_path: Path) -> None:
    old = write_package(tmp_path / "old")
    new = write_package(tmp_path / "new", model_module="class Other:\n    x: int\n")
    (new / "api" / "messages" / "get_message.py").rename(new / "api" / "messages" / "read_message.py")
    changes = diff_surfaces(read_surface(old), read_surface(new))
    found = {(c.kind, c.name) for c in changes}
    assert {
        ("module-removed", "api.messages.get_message"),
        ("module-added", "api.messages.read_message"),
        ("class-removed", "models.message.Message"),
        ("class-added", "models.message.Other"),
        ("function-removed", "api.messages.get_message.sync"),
    } <= found
    assert [c.breaking for c in changes] == sorted((c.breaking for c in changes), reverse=True)


def test_cli_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = write_package(tmp_path / "old")
    new = write_package(tmp_path / "new", model_module="")
    assert main([str(old), str(new)]) == 0
    assert main([str(old), str(new), "--fail-on-breaking"]) == 1
    assert main([str(old), str(old), "--fail-on-breaking"]) == 0
    assert main([str(tmp_path / "nowhere"), str(new)]) == 2
    assert "class-removed" in capsys.readouterr().out


@pytest.mark.subprocess
@pytest.mark.slow
@pytest.mark.skipif(not GENERATOR.exists(), reason="openapi-python-client is not installed in .venv")
def test_surface_of_packages_generated_from_two_publications(tmp_path: Path) -> None:
    # 02 -> 03: an optional request property appears, and two operationIds change (renaming modules).
    for number in ("02", "03"):
        subprocess.run(
            [
                str(GENERATOR),
                "generate",
                "--path",
                str(HISTORY[number]),
                "--meta",
                "none",
                "--output-path",
                str(tmp_path / number),
            ],
            check=True,
            capture_output=True,
        )
    changes = diff_surfaces(
        read_surface(find_package(tmp_path / "02")), read_surface(find_package(tmp_path / "03"))
    )
    found = {(c.kind, c.name.rsplit(".", 2)[-2] + "." + c.name.rsplit(".", 1)[-1]) for c in changes}
    assert ("field-added", "ChannelIntegrationParticipant.sender_actor_id") in found
    assert sum(c.kind == "module-removed" for c in changes) == 2
    assert sum(c.kind == "module-added" for c in changes) == 2
    assert not [c for c in changes if c.kind.startswith("class-")]
