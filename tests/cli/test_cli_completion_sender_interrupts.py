"""Shell completion, the `--sender TYPE:VALUE[:NAME]` split rule (property-tested) and Ctrl-C wherever click
runs the command line's code (in process; a real SIGINT is in test_cli_hardening and test_cli_bulk_signals)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from typing import Any

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import hubspot_channels as hs
from hubspot_channels.cli import cli
from hubspot_channels.cli._app import State
from hubspot_channels.cli._errors import EXIT_INTERRUPTED, Interrupted
from hubspot_channels.cli._parse import participant
from hubspot_channels.cli._types import Seconds
from hubspot_channels.testing import FakeHubSpot
from tests.support.cli_support import base_env, cli_command, run

COMPLETE_VAR = "_HUBSPOT_CHANNELS_COMPLETE"

# --- shell completion ---------------------------------------------------------------------------------------


def _complete(env: dict[str, str]) -> click.testing.Result:
    return CliRunner().invoke(cli, [], env=env, prog_name="hubspot-channels")


@pytest.mark.parametrize(
    ("shell", "needle"), [("bash", "complete -o nosort -F"), ("zsh", "compdef"), ("fish", "complete")]
)
def test_the_completion_script_is_produced(shell: str, needle: str) -> None:
    result = _complete({COMPLETE_VAR: f"{shell}_source"})
    assert result.exit_code == 0
    assert needle in result.stdout and "_HUBSPOT_CHANNELS_COMPLETE" in result.stdout


def test_bash_completes_commands_and_subcommands() -> None:
    def words(line: str) -> list[str]:
        env = {COMPLETE_VAR: "bash_complete", "COMP_WORDS": line, "COMP_CWORD": str(len(line.split()) - 1)}
        return [item.split(",", 1)[1] for item in _complete(env).stdout.split()]

    assert words("hubspot-channels sta") == ["staging-tokens", "status"]
    assert words("hubspot-channels status b") == ["bulk"]
    assert words("hubspot-channels channels u") == ["update"]


@pytest.mark.subprocess  # the line the README tells users to put in .bashrc
def test_the_installed_script_prints_its_bash_completion() -> None:
    done = subprocess.run(
        cli_command(), env=base_env() | {COMPLETE_VAR: "bash_source"}, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert (
        done.returncode == 0
        and "complete -o nosort -F _hubspot_channels_completion hubspot-channels" in done.stdout
    )


# --- --sender TYPE:VALUE[:NAME]: split at the first two colons -----------------------------------------------

TYPES = st.sampled_from([t.value for t in hs.DeliveryIdentifierType])
VALUES = st.text(st.characters(exclude_characters=":", exclude_categories=("Cs",)), min_size=1).filter(
    str.strip
)
NAMES = st.text(st.characters(exclude_categories=("Cs",)))


@settings(max_examples=200, deadline=None)
@given(kind=TYPES, value=VALUES, name=NAMES)
def test_everything_after_the_second_colon_is_the_name(kind: str, value: str, name: str) -> None:
    parsed = participant(f"{kind}:{value}:{name}", "--sender")
    assert parsed.delivery_identifier == hs.DeliveryIdentifier(kind, value)
    assert parsed.name == (name or None)
    assert participant(f"{kind.lower()}:{value}", "--sender") == hs.Participant(
        hs.DeliveryIdentifier(kind, value)
    )


@settings(max_examples=50, deadline=None)
@given(kind=TYPES, name=NAMES)
def test_a_missing_value_is_a_usage_error(kind: str, name: str) -> None:
    for spec in (kind, f"{kind}:", f"{kind}::{name}", f":{name}"):
        with pytest.raises(click.BadParameter, match="TYPE:VALUE"):
            participant(spec, "--sender")


def test_a_name_with_colons_reaches_hubspot(
    fake: FakeHubSpot,
    base_url: str,
    make_channel: Callable[..., dict[str, Any]],
    make_account: Callable[[str], dict[str, Any]],
) -> None:
    channel_id = make_channel()["id"]
    account_id = make_account(channel_id)["id"]
    result = run(
        "--json", "messages", "publish", channel_id, "--account", account_id, "--text", "hi",
        "--sender", "HS_PHONE_NUMBER:+1555:Name: with colon", "--recipient", "HS_PHONE_NUMBER:+15550100:",
        base_url=base_url,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    [sender] = fake.requests_for("publish_message")[-1].json["senders"]
    assert sender == {
        "deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+1555"},
        "name": "Name: with colon",
    }
    assert "name" not in fake.requests_for("publish_message")[-1].json["recipients"][0]


# --- Ctrl-C outside the command body ------------------------------------------------------------------------


def _interrupt(*_args: object, **_kwargs: object) -> Any:
    raise KeyboardInterrupt


@pytest.mark.parametrize("as_json", [False, True])
def test_ctrl_c_while_parsing_the_global_options_exits_130(
    monkeypatch: pytest.MonkeyPatch, as_json: bool
) -> None:
    monkeypatch.setattr(Seconds, "convert", _interrupt)
    result = run(*(["--json"] if as_json else []), "--timeout", "5", "channels", "list", base_url=None)
    assert result.code == EXIT_INTERRUPTED and result.stdout == ""
    assert "Aborted" not in result.stderr and "interrupted" in result.stderr
    if as_json:
        assert json.loads(result.stderr)["error"]["exit_code"] == EXIT_INTERRUPTED


def test_ctrl_c_while_closing_the_client_exits_130(monkeypatch: pytest.MonkeyPatch, base_url: str) -> None:
    monkeypatch.setattr(hs.CustomChannelsClient, "close", _interrupt)
    result = run("channels", "list", base_url=base_url)
    assert (
        result.code == EXIT_INTERRUPTED and "interrupted" in result.stderr and "Aborted" not in result.stderr
    )


def test_ctrl_c_while_closing_the_root_context_is_interrupted() -> None:
    ctx = cli.make_context("hubspot-channels", ["--json", "channels", "list"])
    ctx.obj = State(json=True)
    ctx.call_on_close(_interrupt)
    with pytest.raises(Interrupted) as caught:
        ctx.close()
    assert caught.value.exit_code == EXIT_INTERRUPTED and caught.value.as_json
