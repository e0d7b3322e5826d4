"""``python -m scripts bump`` adds a version with no hand edit, end to end, in a temporary copy of the repo:
one bump of a new version id (2027-03, HubSpot's 2026-09 document republished under it), reused by every
assertion below; and a source that cannot be used is one line on stderr, exit 1, nothing written."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from scripts import bump
from tests.support.once_per_session import once_per_session
from tests.support.paths import REPO, SPECS

NEW = "2027-03"
SOURCE = SPECS / "2026-09.json"
COPY_IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "__pycache__", ".hypothesis", ".pytest_cache", ".mypy_cache", ".ruff_cache", "*.egg-info"
)
# What a bump may write: data, vendored documents, the report, generated code. Nothing hand-written.
WRITTEN_BY_BUMP = (
    "openapi/registry.json",
    "openapi/released-versions.json",
    f"openapi/custom-channels-{NEW}.json",
    f"openapi/custom-channels-{NEW}.provenance.json",
    f"openapi/api-diff-2026-03-to-{NEW}.md",
    "facade/hubspot_channels/_registry.py",
    "generated/hubspot_channels_api/v2027_03/",
)


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file() and not {"__pycache__", ".hypothesis"} & set(path.parts)
    }


BYTECODE_SETTINGS = ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")


def env_for(copy: Path) -> dict[str, str]:
    """The copy's packages first on the path (ahead of this checkout's editable install); the copy's
    compiled modules in its own __pycache__ folders (left out of every comparison), written once and read by the
    bump and the suites it runs, instead of compiled again by each process; the interpreter's own as installed."""
    paths = [str(copy / "facade"), str(copy / "generated"), str(copy)]
    env = {name: value for name, value in os.environ.items() if name not in BYTECODE_SETTINGS}
    return env | {"PYTHONPATH": os.pathsep.join(paths)}


@pytest.fixture(scope="module")
def bumped(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The one bump, shared by the xdist workers that run this module's tests (it runs the facade's suite)."""
    if not SOURCE.is_file():
        pytest.skip(f"the published document {SOURCE} is not beside the repo")
    return once_per_session(request, tmp_path_factory, bump_a_copy)


def bump_a_copy(root: Path) -> dict[str, Any]:
    copy = root / "repo"
    shutil.copytree(REPO, copy, ignore=COPY_IGNORE)
    published = SOURCE.read_text().replace("/2026-09", f"/{NEW}").replace('"2026-09"', f'"{NEW}"')
    source = root / f"{NEW}.json"
    source.write_text(published)
    before = files_of(copy)
    run = subprocess.run(
        [sys.executable, "-m", "scripts", "bump", NEW, str(source)],
        cwd=copy, env=env_for(copy), capture_output=True, text=True, check=False,
    )  # fmt: skip
    return {"copy": copy, "run": run, "before": before, "after": files_of(copy)}


def test_one_command_adds_the_version(bumped: dict[str, Any]) -> None:
    run = bumped["run"]
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert f"registered {NEW} in openapi/registry.json" in run.stdout
    assert "hubspot_channels_api.v2027_03 imports" in run.stdout
    assert "passed" in run.stdout  # the facade's suite ran for the new version (the snapshot test included)


def test_no_hand_written_file_changes(bumped: dict[str, Any]) -> None:
    before, after = bumped["before"], bumped["after"]
    changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    assert changed and all(name.startswith(WRITTEN_BY_BUMP) for name in changed), changed
    registry = json.loads(after["openapi/registry.json"])
    assert [v["id"] for v in registry["versions"]][-1] == NEW
    assert json.loads(after["openapi/released-versions.json"])["released"][-1] == NEW
    assert "tests/snapshots/public_api.txt" not in changed


def test_the_copy_is_consistent_and_the_bump_is_repeatable(bumped: dict[str, Any]) -> None:
    copy = bumped["copy"]
    check = subprocess.run(
        [sys.executable, "-m", "scripts", "generate", "--check", "--version", NEW],
        cwd=copy, env=env_for(copy), capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout[-2000:]
    assert "facade/hubspot_channels/_registry.py: up to date" in check.stdout


CLIENT_AGAINST_THE_FAKE = """
import httpx, datetime as dt
from hubspot_channels import (CustomChannelsClient, DeliveryIdentifier, DeliveryIdentifierType, Participant,
    RequestValidationError, UnsupportedOperationError, API_VERSIONS)
from hubspot_channels.testing import FakeHubSpot

class ToTheFakesVersion(httpx.BaseTransport):
    # The fake serves the default version's paths; the new version's are the same but for the segment.
    def __init__(self, inner): self.inner, self.seen = inner, []
    def handle_request(self, request):
        self.seen.append(request.url.path)
        request.url = request.url.copy_with(path=request.url.path.replace("/NEW/", "/2026-03/").replace("/NEW", "/2026-03"))
        return self.inner.handle_request(request)

assert "NEW" in API_VERSIONS
fake = FakeHubSpot()
transport = ToTheFakesVersion(fake.transport())
client = CustomChannelsClient(api_version="NEW", access_token=fake.access_token,
    developer_api_key=fake.developer_api_key, app_id=fake.app_id, base_url="https://api.hubapi.com",
    http_client=httpx.Client(transport=transport))
channel = client.channels.create(name="Acme SMS", capabilities={"deliveryIdentifierTypes": ["HS_PHONE_NUMBER"]})
account = client.channel_accounts.create(channel.id, name="Support", inbox_id=8080, authorized=True)
phone = DeliveryIdentifier(DeliveryIdentifierType.HS_PHONE_NUMBER, "+15550001")
sent = client.messages.publish(channel.id, channel_account_id=account.id, text="hi",
    senders=[Participant(phone, name="Support")], recipients=[Participant(phone)])
assert client.messages.get(channel.id, sent.id).text == "hi"
assert all("/conversations/custom-channels/NEW" in path for path in transport.seen), transport.seen
try:  # the 2026-09 document has no senderActorId
    client.messages.publish(channel.id, channel_account_id=account.id, text="x",
        senders=[Participant(phone, actor_id="A-1")], recipients=[])
    raise SystemExit("actor_id was accepted")
except UnsupportedOperationError:
    pass
try:  # and requires both staging-token fields
    client.staging_tokens.update(channel.id, "stg-1", account_name="Support")
    raise SystemExit("a partial staging-token update was accepted")
except RequestValidationError as error:
    assert "delivery_identifier" in str(error)
print("ok", len(transport.seen))
"""


def test_the_facade_works_with_the_new_version_against_the_fake(bumped: dict[str, Any]) -> None:
    copy = bumped["copy"]
    code = textwrap.dedent(CLIENT_AGAINST_THE_FAKE).replace("NEW", NEW)
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=copy, env=env_for(copy), capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.startswith("ok ")


# --- sources that cannot be used: one line, exit 1, nothing written ------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        ("{not json", "not JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        ("[1, 2]", "not an OpenAPI document"),
        ('{"swagger": "2.0", "paths": {}}', "not an OpenAPI 3 document"),
        ('{"openapi": "3.0.3", "info": {}, "paths": {}}', "not a usable OpenAPI document"),
    ],
    ids=["missing", "not-json", "not-utf8", "not-an-object", "swagger-2", "no-paths"],
)
def test_an_unusable_source_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | bytes | None, expected: str
) -> None:
    source = tmp_path / "published.json"
    if isinstance(content, bytes):
        source.write_bytes(content)
    elif content is not None:
        source.write_text(content)
    before = files_of(REPO / "openapi")

    status = bump.main([NEW, str(source), "--no-test"])

    err = capsys.readouterr().err
    assert status == bump.BLOCKED == 1
    assert err.count("\n") == 1 and expected in err and "Traceback" not in err, err
    assert files_of(REPO / "openapi") == before


def test_a_directory_as_source_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert bump.main([NEW, str(tmp_path), "--no-test"]) == bump.BLOCKED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "directory" in err


def test_a_usage_error_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        bump.main(["27-3", str(SOURCE), "--no-test"])
    assert exit_info.value.code == bump.USAGE == 2
    assert "VERSION must look like" in capsys.readouterr().err
