"""Review 12 findings on ``python -m scripts bump`` and the registry (F1-F3, F5-F7, F10-F12), adapted from the
reviewer's tests. The bumps run in ONE temporary copy of the repo per module (never in this checkout); every
test that may fail a bump checks that the copy is left exactly as it was, so the tests share the copy."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from scripts import bump, generate, registry_module
from scripts import registry as reg
from tests.support.paths import REPO, SHARED, SPECS

pytestmark = [pytest.mark.slow, pytest.mark.subprocess]

COPY_IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "__pycache__", ".hypothesis", ".pytest_cache", ".mypy_cache", ".ruff_cache", "*.egg-info",
    "build",
)  # fmt: skip
SOURCE_2026_09 = SPECS / "2026-09.json"
SOURCE_2026_03 = SPECS / "2026-03.json"
WATCHED = ("openapi", "generated", "facade/hubspot_channels/_registry.py")


def files_of(root: Path) -> dict[str, bytes]:
    found = [root] if root.is_file() else [path for path in root.rglob("*") if path.is_file()]
    return {
        str(path): path.read_bytes() for path in found if not {"__pycache__", ".hypothesis"} & set(path.parts)
    }


def tree(copy: Path) -> dict[str, bytes]:
    return {name: data for part in WATCHED for name, data in files_of(copy / part).items()}


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))


BYTECODE_SETTINGS = ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")


def env_for(copy: Path, **extra: str) -> dict[str, str]:
    """The copy's packages first on the path (ahead of this checkout's editable install); the copy's
    compiled modules in its own __pycache__ folders (left out of every comparison), written once and read by its
    bumps and suites, instead of compiled again by each process; the interpreter's own as installed."""
    paths = [str(copy / "facade"), str(copy / "generated"), str(copy)]
    env = {name: value for name, value in os.environ.items() if name not in BYTECODE_SETTINGS}
    return env | {
        "PYTHONPATH": os.pathsep.join(paths), "HUBSPOT_SHARED_DIR": str(SHARED), **extra,
    }  # fmt: skip


def needs_shared() -> None:
    if not SOURCE_2026_09.is_file() or not SOURCE_2026_03.is_file():
        pytest.skip("the published documents are not beside the repo")


@pytest.fixture(scope="module")
def copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    needs_shared()
    target = tmp_path_factory.mktemp("bump-review") / "repo"
    shutil.copytree(REPO, target, ignore=COPY_IGNORE)
    (target.parent / "shared").symlink_to(SHARED, target_is_directory=True)  # ../shared, as CI has it
    return target


def run_bump(copy: Path, *args: str, test: bool = False, **env: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scripts", "bump", *args, *([] if test else ["--no-test"])]
    return subprocess.run(
        command, cwd=copy, env=env_for(copy, **env), capture_output=True, text=True, check=False, timeout=900
    )


def document_as(version: str, source: Path = SOURCE_2026_09) -> dict[str, Any]:
    """source republished under version (paths and info.version say it), as a new version would be."""
    named = json.loads(source.read_text())["info"]["version"]
    text = source.read_text().replace(f"/{named}", f"/{version}").replace(f'"{named}"', f'"{version}"')
    document: dict[str, Any] = json.loads(text)
    return document


def write(tmp_path: Path, name: str, document: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


# --- F1: a registered version takes only a republication of its own document --------------------------------


def test_f1_bump_of_an_existing_version_does_not_replace_it(copy: Path) -> None:
    before = tree(copy)
    run = run_bump(copy, "v3", str(SOURCE_2026_09))
    assert run.returncode == bump.USAGE == 2, (run.returncode, run.stdout[-500:], run.stderr[-500:])
    assert "not the document of v3" in run.stderr and run.stderr.count("\n") == 1, run.stderr
    assert changed(before, tree(copy)) == []


def test_f1_the_default_versions_republication_goes_through_and_is_diffed_against_its_document(
    copy: Path,
) -> None:
    """The published 2026-03 document again: accepted, diffed against the vendored 2026-03 (not another
    version), and (the same bytes) nothing changes."""
    recorded = json.loads((copy / "openapi" / "custom-channels-2026-03.provenance.json").read_text())[
        "source"
    ]
    if not (copy / recorded).is_file():
        pytest.skip(f"the recorded source {recorded} is not in the shared folder")
    before = tree(copy)
    run = run_bump(copy, "2026-03", recorded)
    assert run.returncode == 0, run.stderr[-1500:]
    assert "already registered: 2026-03" in run.stdout
    assert (
        "`openapi/custom-channels-2026-03.json (before)` → `openapi/custom-channels-2026-03.json`"
        in run.stdout
    )
    assert "No changes." in run.stdout
    assert changed(before, tree(copy)) == []


def test_f1_a_failing_suite_puts_every_file_back(copy: Path, tmp_path: Path) -> None:
    """The suite is made to fail cheaply (it selects no test: pytest exits 5)."""
    source = write(tmp_path, "2027-02.json", document_as("2027-02"))
    before = tree(copy)
    run = run_bump(copy, "2027-02", str(source), test=True, PYTEST_ADDOPTS="-k no_such_test_anywhere")
    assert run.returncode == bump.BLOCKED, run.stdout[-1500:]
    assert "suite fails for 2027-02" in run.stderr and "every file put back" in run.stderr, run.stderr
    assert changed(before, tree(copy)) == []


# --- F2: any failure is one line, exit 1, and the tree is put back -----------------------------------------


def test_f2_a_dangling_reference_is_one_line_and_nothing_is_written(copy: Path, tmp_path: Path) -> None:
    document = document_as("2027-04", SOURCE_2026_03)
    del document["components"]["schemas"]["PublicChannelIntegrationChannelPatch"]  # still referenced
    before = tree(copy)
    run = run_bump(copy, "2027-04", str(write(tmp_path, "dangling.json", document)))
    assert run.returncode == 1
    assert "Traceback" not in run.stderr and run.stderr.count("\n") == 1, run.stderr[-1500:]
    assert "PublicChannelIntegrationChannelPatch" in run.stderr and "does not resolve" in run.stderr
    assert changed(before, tree(copy)) == []


def test_f2_an_unexpected_exception_is_one_line_and_the_registration_is_undone(
    copy: Path, tmp_path: Path
) -> None:
    """Any exception after the registration (here one injected into the package build) is caught."""
    source = write(tmp_path, "2027-04.json", document_as("2027-04"))
    code = (
        "import sys; from scripts import bump, generate\n"
        "def boom(*args): raise KeyError('injected')\n"
        "generate.build = boom\n"
        f"sys.exit(bump.main(['2027-04', {str(source)!r}, '--no-test']))\n"
    )
    before = tree(copy)
    run = subprocess.run(
        [sys.executable, "-c", code], cwd=copy, env=env_for(copy), capture_output=True, text=True, check=False
    )
    assert run.returncode == 1, run.stderr[-1500:]
    assert run.stderr.count("\n") == 1 and "KeyError" in run.stderr and "Traceback" not in run.stderr
    assert "registered 2027-04" in run.stdout  # it got that far, and was undone
    assert changed(before, tree(copy)) == []


# --- F3: a blocked generation leaves nothing behind --------------------------------------------------------


def test_f3_a_blocked_generation_leaves_nothing_behind(copy: Path, tmp_path: Path) -> None:
    document = document_as("2027-05", SOURCE_2026_03)
    for path in list(document["paths"]):
        if path.endswith("/messages/{messageId}"):
            document["paths"][path].pop("get")  # get_message is missing
    before = tree(copy)
    run = run_bump(copy, "2027-05", str(write(tmp_path, "missing-operation.json", document)))
    assert run.returncode == 1 and "get_message" in run.stderr, run.stderr[-1500:]
    assert run.stderr.count("\n") == 1
    assert changed(before, tree(copy)) == []


# --- F5: an override pointer that does not resolve fails loudly --------------------------------------------


def test_f5_an_override_pointer_that_does_not_resolve_fails_loudly() -> None:
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "components": {"schemas": {"Renamed": {"required": ["a"]}}},
    }
    override = reg.Override(
        version="*",
        pointer="/components/schemas/PublicChannelIntegrationChannelPatch/required",
        value=reg.REMOVE,
        reason="the channel PATCH is partial",
    )
    with pytest.raises(reg.RegistryError) as caught:
        registry_module.apply_overrides(document, [override], "2027-06")
    message = str(caught.value)
    assert (
        "2027-06" in message
        and override.pointer in message
        and "PublicChannelIntegrationChannelPatch" in message
    )
    assert "PublicChannelIntegrationChannelPatch" not in document["components"]["schemas"]


def test_f5_a_star_override_matching_nothing_in_a_new_version_fails_the_bump(
    copy: Path, tmp_path: Path
) -> None:
    text = json.dumps(document_as("2027-06", SOURCE_2026_03))
    renamed = json.loads(text.replace("PublicChannelIntegrationChannelPatch", "ChannelPatchRenamed"))
    before = tree(copy)
    run = run_bump(copy, "2027-06", str(write(tmp_path, "renamed.json", renamed)))
    assert run.returncode == 1, run.stdout[-1000:]
    assert "override /components/schemas/PublicChannelIntegrationChannelPatch/required" in run.stderr
    assert changed(before, tree(copy)) == []


# --- F6: a removed version and an orphan package are reported ----------------------------------------------


def test_f6_generate_flags_a_released_version_no_longer_registered(
    capsys: pytest.CaptureFixture[str],
) -> None:
    registry = reg.load()
    without_v3 = reg.Registry(
        tuple(v for v in registry.versions if v.id != "v3"), registry.operations, registry.overrides
    )
    assert generate.registry_complete(registry, REPO / "generated")
    assert not generate.registry_complete(without_v3, REPO / "generated")
    err = capsys.readouterr().err
    assert "v3: released" in err and "hubspot_channels_api.v3: generated, but no version" in err


def test_f6_check_generated_flags_a_generated_package_no_version_registers(tmp_path: Path) -> None:
    """Adapted: the orphan check itself (generate.main runs it before building anything, in both modes), not
    a full regeneration."""
    root = tmp_path / "generated" / reg.GENERATED_ROOT
    for name in ("v2026_03", "v2026_09", "v3", "v2020_01", "__pycache__"):
        (root / name).mkdir(parents=True)
    assert generate.orphan_packages(tmp_path / "generated", reg.load()) == ["v2020_01"]


def test_f6_a_bump_records_the_version_as_released(tmp_path: Path) -> None:
    registry, released = tmp_path / "registry.json", tmp_path / "released-versions.json"
    shutil.copyfile(reg.REGISTRY_PATH, registry)
    shutil.copyfile(reg.RELEASED_PATH, released)
    assert reg.add_version("2027-07", registry, released)
    assert reg.released(released)[-1] == "2027-07"
    assert not reg.add_version("2027-07", registry, released)
    assert reg.released(released).count("2027-07") == 1


# --- F7: a secret in SOURCE is never printed or recorded ---------------------------------------------------

SECRET = "devkey-5ecr3t-REVIEW12"


@pytest.fixture
def spec_server() -> Iterator[str]:
    needs_shared()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SPECS))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_f7_a_secret_in_the_source_url_is_not_written_to_provenance(spec_server: str, tmp_path: Path) -> None:
    from scripts.vendor_spec import vendor

    url = f"{spec_server}/2026-09.json?hapikey={SECRET}"
    spec, record = vendor(url.replace("http://", f"http://user:{SECRET}@"), "2027-01", out_dir=tmp_path)
    assert spec.is_file()
    assert SECRET not in record.read_text()
    assert (
        json.loads(record.read_text())["source"]
        == f"http://REDACTED@{spec_server[7:]}/2026-09.json?hapikey=REDACTED"
    )


def test_f7_a_secret_in_the_source_url_is_not_printed_on_error(capsys: pytest.CaptureFixture[str]) -> None:
    from scripts._spec_io import SourceError, read_source

    with pytest.raises(SourceError) as caught:
        read_source(f"http://127.0.0.1:9/spec.json?hapikey={SECRET}")  # nothing listens on port 9
    assert SECRET not in str(caught.value) and "hapikey=REDACTED" in str(caught.value)
    assert (
        bump.main(["2027-01", f"http://127.0.0.1:9/spec.json?access_token={SECRET}#{SECRET}", "--no-test"])
        == 1
    )
    captured = capsys.readouterr()
    assert SECRET not in captured.out + captured.err


# --- F10 / F11: exit statuses and version ids --------------------------------------------------------------


def test_f10_make_bump_names_the_scripts_own_status() -> None:
    """Adapted: GNU make exits 2 whenever a recipe fails, so make cannot keep 1 and 2 apart; the target prints
    the script's status (and the README says so; ``python -m scripts bump`` keeps them apart)."""
    if not (REPO / ".venv" / "bin" / "python").exists() or shutil.which("make") is None:
        pytest.skip("needs make and the repo's .venv")

    def make(*args: str) -> str:
        run = subprocess.run(
            ["make", "-s", "bump", *args], cwd=REPO, capture_output=True, text=True, check=False, timeout=300
        )
        return run.stderr

    assert "exit status 2 (usage)" in make("VERSION=27-3", f"SOURCE={SOURCE_2026_09}")
    assert "exit status 1 (blocked)" in make("VERSION=2027-01", "SOURCE=/nonexistent/spec.json")


@pytest.mark.parametrize("version", ["2026-13", "2026-00", "v0", "v01"])
def test_f11_an_impossible_version_id_is_a_usage_error(version: str) -> None:
    with pytest.raises(SystemExit) as exit_info:  # the missing source keeps anything from being written
        bump.main([version, "/nonexistent/spec.json", "--no-test"])
    assert exit_info.value.code == bump.USAGE


def test_f11_bumping_the_default_version_says_it_is_registered(capsys: pytest.CaptureFixture[str]) -> None:
    """Adapted: the reviewer expected SystemExit (the old code's misleading --base usage error); the default's
    republication is now allowed, so a missing source is simply blocked (exit 1), after saying the version
    is registered."""
    assert bump.main(["2026-03", "/nonexistent/spec.json", "--no-test"]) == bump.BLOCKED
    captured = capsys.readouterr()
    assert "already registered: 2026-03" in captured.out
    assert "--base" not in captured.err and "no such file" in captured.err


# --- F12: a document of another version is refused; a bump that exits 0 leaves a passing suite --------------


def test_f12_a_document_whose_paths_name_another_version_is_refused(copy: Path) -> None:
    before = tree(copy)
    run = run_bump(copy, "2027-01", str(SOURCE_2026_09))
    assert run.returncode == bump.USAGE, run.stdout[-1000:]
    assert "its paths name 2026-09" in run.stderr and run.stderr.count("\n") == 1
    assert changed(before, tree(copy)) == []


NARROWED_CLIENT = """
import httpx
from hubspot_channels import CustomChannelsClient, RequestValidationError
sent = []
transport = httpx.MockTransport(lambda request: sent.append(request) or httpx.Response(200, json={}))
client = CustomChannelsClient(api_version="2027-01", access_token="pat-na1-x", http_client=httpx.Client(transport=transport))
try:
    client.channel_accounts.list(1, delivery_identifier_types=["HS_PHONE_NUMBER"])
    raise SystemExit("HS_PHONE_NUMBER was sent")
except RequestValidationError as error:
    assert "HS_EMAIL_ADDRESS" in str(error) and sent == [], (str(error), sent)
print("refused")
"""


def test_f12_after_a_successful_bump_the_version_tests_pass(copy: Path, tmp_path: Path) -> None:
    """Runs last in the module (it adds 2027-01 to the shared copy). The document lacks HS_PHONE_NUMBER in the
    deliveryIdentifierType query enum (F4 through a real bump): the new client refuses it, nothing sent."""
    document = document_as("2027-01")
    for item in document["paths"].values():
        for parameter in item.get("get", {}).get("parameters", []):
            if parameter.get("name") == "deliveryIdentifierType":
                items = parameter["schema"].get("items", parameter["schema"])
                items["enum"] = [value for value in items["enum"] if value != "HS_PHONE_NUMBER"]
    run = run_bump(copy, "2027-01", str(write(tmp_path, "2027-01.json", document)))
    assert run.returncode == 0, run.stderr[-1500:]
    assert json.loads((copy / "openapi" / "released-versions.json").read_text())["released"][-1] == "2027-01"
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not serial and not slow",
         "tests/pipeline/test_versions_pipeline.py", "tests/facade/test_facade_public_api.py"],
        cwd=copy, env=env_for(copy), capture_output=True, text=True, check=False, timeout=900,
    )  # fmt: skip
    assert suite.returncode == 0, suite.stdout[-1500:]
    client = subprocess.run(
        [sys.executable, "-c", NARROWED_CLIENT], cwd=copy, env=env_for(copy), capture_output=True, text=True,
        check=False,
    )  # fmt: skip
    assert client.stdout.strip() == "refused", client.stderr[-1500:]
