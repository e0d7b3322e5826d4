"""Every facade operation has a command: each operation of the registry and each public method of the
client's resources maps to a command of the CLI, and running that command against the served fake sends
that operation. A new operation or resource method without a command fails here (and so CI)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path

import click

import hubspot_channels as hs
from hubspot_channels._registry import OPERATIONS
from hubspot_channels._sync_resources import _Resource
from hubspot_channels.cli import cli
from hubspot_channels.testing import FakeHubSpot
from tests.support.cli_support import run

# registry operation -> the command that sends it
COMMAND_OF_OPERATION = {
    "list_channels": "channels list",
    "create_channel": "channels create",
    "get_channel": "channels get",
    "update_channel": "channels update",
    "archive_channel": "channels archive",
    "update_staging_token": "staging-tokens update",
    "list_channel_accounts": "accounts list",
    "create_channel_account": "accounts create",
    "get_channel_account": "accounts get",
    "update_channel_account": "accounts update",
    "publish_message": "messages publish",
    "get_message": "messages get",
    "update_message_status": "status set",
}
# client resource method -> the command that calls it (the mark_* shortcuts are `status set STATUS`)
COMMAND_OF_METHOD = {
    "channels.list": "channels list",
    "channels.create": "channels create",
    "channels.get": "channels get",
    "channels.update": "channels update",
    "channels.archive": "channels archive",
    "channel_accounts.list": "accounts list",
    "channel_accounts.create": "accounts create",
    "channel_accounts.get": "accounts get",
    "channel_accounts.update": "accounts update",
    "staging_tokens.update": "staging-tokens update",
    "messages.publish": "messages publish",
    "messages.get": "messages get",
    "messages.update_status": "status set",
    "messages.mark_sent": "status set",
    "messages.mark_failed": "status set",
    "messages.mark_read": "status set",
    "messages.update_statuses": "status bulk",
}


def _command(path: str) -> click.Command | None:
    command: click.Command | None = cli
    for name in path.split():
        if not isinstance(command, click.Group):
            return None
        command = command.commands.get(name)
    return command


def _resource_methods() -> set[str]:
    client = hs.CustomChannelsClient(access_token="unused", developer_api_key="unused", app_id=1)
    try:
        resources = {name: value for name, value in vars(client).items() if isinstance(value, _Resource)}
    finally:
        client.close()
    return {
        f"{name}.{method}"
        for name, resource in resources.items()
        for method, _ in inspect.getmembers(type(resource), inspect.isfunction)
        if not method.startswith("_")
    }


def test_every_registry_operation_has_a_command() -> None:
    missing = sorted(set(OPERATIONS) - set(COMMAND_OF_OPERATION))
    assert not missing, f"operations without a CLI command (add one, then list it here): {missing}"
    assert not set(COMMAND_OF_OPERATION) - set(OPERATIONS), "stale entries"
    for operation, path in COMMAND_OF_OPERATION.items():
        assert _command(path) is not None, f"{operation}: no command {path!r}"


def test_every_resource_method_has_a_command() -> None:
    methods = _resource_methods()
    assert {name.split(".")[0] for name in methods} == {info.resource for info in OPERATIONS.values()}
    missing = sorted(methods - set(COMMAND_OF_METHOD))
    assert not missing, f"facade methods without a CLI command (add one, then list it here): {missing}"
    assert not set(COMMAND_OF_METHOD) - methods, "stale entries"
    for method, path in COMMAND_OF_METHOD.items():
        assert _command(path) is not None, f"{method}: no command {path!r}"


def test_each_command_sends_its_operation_to_the_served_fake(
    fake: FakeHubSpot, base_url: str, tmp_path: Path
) -> None:
    made: dict[str, str] = {}

    def remember(key: str) -> Callable[[dict[str, str]], None]:
        return lambda output: made.__setitem__(key, output["id"])

    def staging_token() -> str:
        made["token"] = fake.create_staging_token(made["channel"])
        return made["token"]

    def status_file() -> str:
        rows = tmp_path / "rows.csv"
        rows.write_text(f"channel,message,status\n{made['channel']},{made['message']},read\n")
        return str(rows)

    # (operation, command, its arguments built from what earlier steps made, what to keep of the output)
    Step = tuple[str, str, Callable[[], list[str]], Callable[[dict[str, str]], None] | None]
    steps: list[Step] = [
        ("create_channel", "channels create", lambda: ["--name", "Every op"], remember("channel")),
        ("list_channels", "channels list", list, None),
        ("get_channel", "channels get", lambda: [made["channel"]], None),
        ("update_channel", "channels update", lambda: [made["channel"], "--webhook-url", "https://e.example/h"], None),
        ("create_channel_account", "accounts create", lambda: [made["channel"], "--name", "A", "--inbox-id", "1001"], remember("account")),
        ("list_channel_accounts", "accounts list", lambda: [made["channel"]], None),
        ("get_channel_account", "accounts get", lambda: [made["channel"], made["account"]], None),
        ("update_channel_account", "accounts update", lambda: [made["channel"], made["account"], "--name", "B"], None),
        ("update_staging_token", "staging-tokens update", lambda: [made["channel"], staging_token(), "--account-name", "C"], None),
        ("publish_message", "messages publish", lambda: [made["channel"], "--account", made["account"], "--text", "t", "--sender", "HS_PHONE_NUMBER:+1", "--recipient", "HS_PHONE_NUMBER:+2"], remember("message")),
        ("get_message", "messages get", lambda: [made["channel"], made["message"]], None),
        ("update_message_status", "status set", lambda: [made["channel"], made["message"], "sent"], None),
        ("update_message_status", "status bulk", lambda: [status_file()], None),
        ("archive_channel", "channels archive", lambda: [made["channel"]], None),
    ]  # fmt: skip
    assert {operation for operation, *_ in steps} == set(OPERATIONS)
    assert {command for _, command, *_ in steps} == {
        *COMMAND_OF_OPERATION.values(),
        *COMMAND_OF_METHOD.values(),
    }
    for operation, command, arguments, keep in steps:
        before = len(fake.requests_for(operation))
        args = [*command.split(), *arguments()]
        result = run("--json", *args, base_url=base_url)
        assert result.code == 0, (args, result.stderr)
        assert len(fake.requests_for(operation)) == before + 1, args
        if keep is not None:
            keep(result.json())
    assert fake.get_message(made["message"])["status"]["statusType"] == "READ"
