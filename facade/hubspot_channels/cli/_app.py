"""The root command: global options, the shared client, and where library errors become exit codes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

import click

from .. import (
    API_VERSIONS,
    DEFAULT_API_VERSION,
    DEFAULT_MAX_RETRIES,
    ApiVersion,
    CustomChannelsClient,
    HubSpotChannelsError,
    __version__,
)
from ._errors import EXIT_CODES_HELP, Interrupted, from_library_error
from ._types import RETRIES, Seconds

F = TypeVar("F", bound=Callable[..., Any])
DEFAULT_TIMEOUT_SECONDS = 30.0


@dataclass
class State:
    """What the global options decided; the client is built on first use so that `--help` and
    `webhook verify` never need credentials."""

    base_url: str | None = None
    api_version: str = DEFAULT_API_VERSION
    json: bool = False
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    deadline: float | None = None
    max_retries: int = DEFAULT_MAX_RETRIES
    secrets: list[str] = field(default_factory=list)  # extra values to scrub from error output
    _client: CustomChannelsClient | None = None

    def client(self) -> CustomChannelsClient:
        if self._client is None:
            # Credentials are left to the client, which reads HUBSPOT_ACCESS_TOKEN,
            # HUBSPOT_DEVELOPER_API_KEY, HUBSPOT_APP_ID and HUBSPOT_BASE_URL itself.
            self._client = CustomChannelsClient(
                api_version=cast(ApiVersion, self.api_version),
                base_url=self.base_url,
                timeout=self.timeout,
                max_retries=self.max_retries,
                deadline=self.deadline,
            )
            click.get_current_context().call_on_close(self._client.close)
        return self._client


pass_state = click.make_pass_decorator(State)


def _set_json(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(State).json = True


def json_option(command: F) -> F:
    """`--json` on a subcommand too, so `hubspot-channels channels list --json` works like the global flag."""
    return click.option(
        "--json",
        "json_",
        is_flag=True,
        expose_value=False,
        callback=_set_json,
        help="Print JSON instead of the readable view.",
    )(command)


class _RootContext(click.Context):
    def close(self) -> None:
        # Closing runs inside click's main but outside invoke(): Ctrl-C here would be click's "Aborted!", exit 1.
        try:
            super().close()
        except KeyboardInterrupt:
            raise Interrupted(as_json=isinstance(self.obj, State) and self.obj.json) from None


class RootGroup(click.Group):
    """Turns library exceptions and Ctrl-C into a message on stderr and the documented exit code.

    Ctrl-C is caught wherever click runs our code: parsing the global options (make_context), the command
    (invoke, which also parses and closes the subcommand) and closing the root context. Only a Ctrl-C while
    Python starts and imports the package, before any of it runs, is Python's own (a traceback, exit 130)."""

    context_class = _RootContext

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        as_json = "--json" in args  # before parsing, which consumes args
        try:
            return super().make_context(info_name, args, parent, **extra)
        except KeyboardInterrupt:
            raise Interrupted(as_json=as_json) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HubSpotChannelsError as exc:
            state = ctx.ensure_object(State)
            raise from_library_error(exc, as_json=state.json, secrets=state.secrets) from exc
        except KeyboardInterrupt:
            # Not click's "Aborted!" with exit 1, which scripts would read as a HubSpot error.
            raise Interrupted(as_json=ctx.ensure_object(State).json) from None


@click.group(
    cls=RootGroup,
    epilog=EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110},
)
@click.option(
    "--base-url",
    metavar="URL",
    default=None,
    help="API root, e.g. a local fake. [env: HUBSPOT_BASE_URL; default: https://api.hubapi.com]",
)
@click.option(
    "--api-version",
    type=click.Choice(API_VERSIONS),
    default=DEFAULT_API_VERSION,
    show_default=True,
    help="Date-based API version.",
)
@click.option("--json", "json_", is_flag=True, help="Print JSON instead of the readable view.")
@click.option(
    "--timeout",
    type=Seconds(),
    default=DEFAULT_TIMEOUT_SECONDS,
    show_default=True,
    help="Seconds to wait for HubSpot at each step (connect, send, each read); at most a day.",
)
@click.option(
    "--deadline",
    type=Seconds(),
    default=None,
    help="Seconds for a whole call, retries included; at most a day. [default: no overall bound]",
)
@click.option(
    "--max-retries",
    type=RETRIES,
    default=DEFAULT_MAX_RETRIES,
    show_default=True,
    help="Retries of idempotent calls after 429/5xx or a connection error (0 to 100).",
)
@click.option(
    "-v", "--verbose", is_flag=True, help="Log each request (method, path, status, time) to stderr."
)
@click.version_option(__version__, prog_name="hubspot-channels")
@click.pass_context
def cli(
    ctx: click.Context,
    base_url: str | None,
    api_version: str,
    json_: bool,
    timeout: float,
    deadline: float | None,
    max_retries: int,
    verbose: bool,
) -> None:
    """Call HubSpot's Conversations Custom Channels API from the shell, for debugging an integration.

    Credentials come from the environment: HUBSPOT_DEVELOPER_API_KEY and HUBSPOT_APP_ID for
    channel commands, HUBSPOT_ACCESS_TOKEN for account, message and status commands,
    HUBSPOT_CLIENT_SECRET for `webhook verify`.
    """
    state = ctx.ensure_object(State)
    state.base_url = base_url
    state.api_version = api_version
    state.json = state.json or json_
    state.timeout = timeout
    state.deadline = deadline
    state.max_retries = max_retries
    if verbose:
        _log_requests(ctx)


class _StderrHandler(logging.Handler):
    # click.echo rather than a StreamHandler bound to sys.stderr at creation: the stream can be swapped
    # (CliRunner, pytest capture) between creating the handler and logging.
    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"{record.name}: {self.format(record)}", err=True)


def _log_requests(ctx: click.Context) -> None:
    # The library logs paths only (no query string), so the API key never reaches the log. A handler on
    # our logger, not basicConfig, which does nothing when the root logger already has handlers.
    logger = logging.getLogger("hubspot_channels")
    handler, previous_level = _StderrHandler(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)

    def restore() -> None:  # matters when invoked in-process more than once (tests)
        logger.removeHandler(handler)
        logger.setLevel(previous_level)

    ctx.call_on_close(restore)
