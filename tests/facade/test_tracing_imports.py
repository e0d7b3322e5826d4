"""OpenTelemetry is optional: ``import hubspot_channels`` and a client's calls never import it; without the
extra, ``hubspot_channels.otel`` says in one line what to install. And its public surface is a snapshot."""

from __future__ import annotations

import difflib
import inspect
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hubspot_channels import otel
from tests.facade.test_facade_public_api import _clean

SNAPSHOT = Path(__file__).resolve().parent / "snapshots" / "otel_api.txt"

USES_A_CLIENT = """
import sys
import httpx
import hubspot_channels
from hubspot_channels import AsyncCustomChannelsClient, CustomChannelsClient

def answer(request):
    return httpx.Response(200, json={"results": [], "total": 0})

client = CustomChannelsClient(
    access_token="t", developer_api_key="k", app_id=1,
    http_client=httpx.Client(transport=httpx.MockTransport(answer)),
)
client.channels.list().first_page()
AsyncCustomChannelsClient(access_token="t", developer_api_key="k", app_id=1)
print(sorted(name for name in sys.modules if name.split(".")[0] == "opentelemetry"))
import hubspot_channels.otel  # the control: enabling it does import OpenTelemetry
print("opentelemetry.trace" in sys.modules)
"""

WITHOUT_THE_EXTRA = """
import sys
sys.modules["opentelemetry"] = None  # what a venv without the extra gives: ImportError on import
import hubspot_channels
try:
    import hubspot_channels.otel
except ImportError as exc:
    print(exc)
"""


@pytest.mark.subprocess
def test_the_package_and_a_clients_calls_import_no_opentelemetry() -> None:
    done = subprocess.run([sys.executable, "-c", USES_A_CLIENT], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["[]", "True"], done.stderr


@pytest.mark.subprocess
def test_without_the_extra_the_error_names_the_install_command() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_THE_EXTRA], capture_output=True, text=True, check=True
    )
    assert done.stdout == (
        "hubspot_channels.otel needs OpenTelemetry: pip install 'hubspot-channels[otel]'\n"
    )


def render() -> str:
    lines = [
        f"# hubspot_channels.otel public API; regenerate with UPDATE_SNAPSHOTS=1 (see {Path(__file__).name})"
    ]
    for name in sorted(otel.__all__):
        lines.append(f"def {name}{_clean(str(inspect.signature(getattr(otel, name))))}")
    return "\n".join(lines) + "\n"


def test_otel_public_api_snapshot() -> None:
    current = render()
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(current)
    committed = SNAPSHOT.read_text() if SNAPSHOT.exists() else ""
    diff = "".join(
        difflib.unified_diff(committed.splitlines(True), current.splitlines(True), "committed", "now")
    )
    assert current == committed, (
        "hubspot_channels.otel's public API changed; if that is intended, update and commit the snapshot:\n"
        f"    UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/facade/{Path(__file__).name}\n\n{diff}"
    )


def test_all_is_exact_and_every_name_is_documented() -> None:
    defined = {
        name
        for name, value in vars(otel).items()
        if inspect.isfunction(value) and value.__module__ == otel.__name__ and not name.startswith("_")
    }
    assert set(otel.__all__) == defined
    assert all(inspect.getdoc(getattr(otel, name)) for name in otel.__all__)
