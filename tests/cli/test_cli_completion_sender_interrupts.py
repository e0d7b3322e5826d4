"""Shell completion, the `--sender TYPE:VALUE` split rule and `--sender-name` (property-tested) and Ctrl-C wherever click
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
from hubspot_channels.cli._parse import participants
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


# --- --sender TYPE:VALUE, split at the first colon; --sender-name NAME --------------------------------------

TYPES = st.sampled_from([t.value for t in hs.DeliveryIdentifierType])
TEXT = st.characters(exclude_categories=("Cs",))
VALUES = st.text(TEXT, min_size=1)  # colons included: only the first colon of a spec splits it
NAMES = st.text(TEXT)


@settings(max_examples=200, deadline=None)
@given(kind=TYPES, value=VALUES, name=NAMES)
def test_everything_after_the_first_colon_is_the_value(kind: str, value: str, name: str) -> None:
    [parsed] = participants((f"{kind}:{value}",), (name,), "--sender")
    assert parsed.delivery_identifier == hs.DeliveryIdentifier(kind, value)
    assert parsed.name == (name or None)
    [unnamed] = participants((f"{kind.lower()}:{value}",), (), "--sender")
    assert unnamed == hs.Participant(hs.DeliveryIdentifier(kind, value))


@settings(max_examples=50, deadline=None)
@given(kinds=st.lists(TYPES, min_size=1, max_size=4), data=st.data())
def test_the_nth_name_goes_with_the_nth_participant(kinds: list[str], data: st.DataObject) -> None:
    names = data.draw(st.lists(NAMES, max_size=len(kinds)))
    specs = tuple(f"{kind}:v{n}:x" for n, kind in enumerate(kinds))
    parsed = participants(specs, tuple(names), "--recipient")
    assert [p.delivery_identifier.value for p in parsed] == [f"v{n}:x" for n in range(len(kinds))]
    assert [p.name for p in parsed] == [name or None for name in names] + [None] * (len(kinds) - len(names))


@settings(max_examples=50, deadline=None)
@given(kind=TYPES, value=VALUES)
def test_a_missing_value_or_a_name_too_many_is_a_usage_error(kind: str, value: str) -> None:
    for spec in (kind, f"{kind}:", f":{value}"):
        with pytest.raises(click.BadParameter, match="TYPE:VALUE"):
            participants((spec,), (), "--sender")
    with pytest.raises(click.BadParameter, match="2 names for 1 --sender"):
        participants((f"{kind}:{value}",), ("a", "b"), "--sender")


def test_a_value_and_a_name_with_colons_reach_hubspot(
    fake: FakeHubSpot,
    base_url: str,
    make_channel: Callable[..., dict[str, Any]],
    make_account: Callable[[str], dict[str, Any]],
) -> None:
    channel_id = make_channel()["id"]
    account_id = make_account(channel_id)["id"]
    result = run(
        "--json", "messages", "publish", channel_id, "--account", account_id, "--text", "hi",
        "--sender", "HS_PHONE_NUMBER:+1555:ext:12", "--sender-name", "Name: with colon",
        "--recipient", "HS_PHONE_NUMBER:+15550100", base_url=base_url,
    )  # fmt: skip
    assert result.code == 0, result.stderr
    [sender] = fake.requests_for("publish_message")[-1].json["senders"]
    assert sender == {
        "deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": "+1555:ext:12"},
        "name": "Name: with colon",
    }
    assert "name" not in fake.requests_for("publish_message")[-1].json["recipients"][0]


def test_a_name_without_its_sender_sends_nothing(base_url: str, fake: FakeHubSpot) -> None:
    before = len(fake.requests)
    result = run(
        "messages", "publish", "1001", "--account", "1", "--text", "hi", "--sender", "HS_PHONE_NUMBER:+1",
        "--sender-name", "A", "--sender-name", "B", "--recipient", "HS_PHONE_NUMBER:+2", base_url=base_url,
    )  # fmt: skip
    assert result.code == 2 and "--sender-name" in result.stderr, result.stderr
    assert len(fake.requests) == before


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
