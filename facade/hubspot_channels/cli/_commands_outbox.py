"""`outbox enqueue|status|run` and `outbox dead list|retry|drop`: the durable status outbox from the shell."""

from __future__ import annotations

import json
import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from types import FrameType
from typing import Any

import click

from .. import CustomChannelsClient
from .._validate import REPORTABLE_STATUSES
from ..outbox import (
    DEFAULT_CONCURRENCY,
    DEFAULT_LEASE_SECONDS,
    DrainStats,
    Outbox,
    OutboxDrainer,
    OutboxStoreError,
    open_store,
)
from ..outbox._open import is_redis_url
from . import _output as out
from ._app import State, json_option, pass_state
from ._errors import ConfigFailure
from ._outbox_budget import shared_budget
from ._types import Seconds

_LOCATION = "hubspot_channels.outbox.location"
_NAMESPACE = "hubspot_channels.outbox.namespace"
DEFAULT_PROGRESS_EVERY = 5.0


class _OutboxGroup(click.Group):
    """A store that fails (disk full, a damaged or locked file, Redis down) is one line and exit 3, like a
    configuration error: nothing was sent, and the operator has to look at the store."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OutboxStoreError as error:
            state = ctx.ensure_object(State)
            raise ConfigFailure(
                str(error), details={"type": type(error).__name__}, as_json=state.json, secrets=state.secrets
            ) from error


@click.group(cls=_OutboxGroup)
@click.option(
    "--store",
    "--db",
    "location",
    envvar=["HUBSPOT_OUTBOX_STORE", "HUBSPOT_OUTBOX_DB"],
    required=True,
    metavar="FILE|URL",
    help="The outbox: a SQLite file (created when missing), or a Redis URL (redis://host:6379/0, rediss://,"
    " unix://) for drainers on several hosts. [env: HUBSPOT_OUTBOX_STORE or HUBSPOT_OUTBOX_DB]",
)
@click.option(
    "--namespace",
    envvar="HUBSPOT_OUTBOX_NAMESPACE",
    default=None,
    help="Redis only: the first part of the outbox's keys (default hubspot-channels).",
)
@click.pass_context
def outbox(ctx: click.Context, location: str, namespace: str | None) -> None:
    """A durable queue of delivery statuses, sent to HubSpot by `outbox run` (needs HUBSPOT_ACCESS_TOKEN to run).

    A rejected token (401) or one without the scope (403) stops `outbox run`; the updates stay pending.

    READ is terminal (a late SENT or FAILED after it is not sent); before READ the latest report wins.
    An update HubSpot refuses for good (a 4xx other than 401, 403, 408, 425 or 429) becomes a dead letter."""
    if namespace is not None and not is_redis_url(location):
        raise click.UsageError("--namespace applies to a Redis store (--store redis://...) only")
    ctx.meta[_LOCATION] = location
    ctx.meta[_NAMESPACE] = namespace


def _open() -> Outbox:
    ctx = click.get_current_context()
    opened = Outbox(store=open_store(ctx.meta[_LOCATION], namespace=ctx.meta[_NAMESPACE]))
    ctx.call_on_close(opened.close)
    return opened


@outbox.command("enqueue")
@click.argument("channel_id")
@click.argument("message_id")
@click.argument("status", type=click.Choice([s.value for s in REPORTABLE_STATUSES], case_sensitive=False))
@click.option("--error", "error_message", metavar="TEXT", help="Why it failed (with FAILED; optional).")
@json_option
@pass_state
def enqueue(state: State, channel_id: str, message_id: str, status: str, error_message: str | None) -> None:
    """Store one status report for the drainer; says whether the order rule dropped it."""
    queued = _open().enqueue(channel_id, message_id, status.upper(), error_message)
    if state.json:
        out.echo_json({"queued": queued})
    else:
        click.echo("queued" if queued else "not queued: the message already has this or a later status")


@outbox.command("status")
@json_option
@pass_state
def show_status(state: State) -> None:
    """How many updates are pending, in flight (and left by a stopped drainer), dead, done."""
    counts = _open().counts()
    if state.json:
        out.echo_json(counts)
        return
    out.echo_record(
        [
            ("pending", counts.pending),
            ("in flight", counts.in_flight),
            ("expired leases", counts.expired_leases),
            ("dead", counts.dead),
            ("done", counts.done),
            ("dropped", counts.dropped),
        ]
    )


@outbox.command("run")
@click.option("--until-empty", is_flag=True, help="Exit once nothing is pending or in flight.")
@click.option("--concurrency", type=click.IntRange(1, 64), default=DEFAULT_CONCURRENCY, show_default=True)
@click.option(
    "--lease",
    "lease_seconds",
    type=Seconds(),
    default=DEFAULT_LEASE_SECONDS,
    show_default=True,
    help="Seconds a drainer holds an update; another drainer takes it over after that (each send gets half).",
)
@click.option(
    "--rate-limit",
    default="auto",
    show_default=True,
    metavar="TIER",
    help="free, starter, professional, enterprise, capacity, auto (follow HubSpot's headers) or none.",
)
@click.option(
    "--redis-rate-limit",
    "redis_url",
    envvar="HUBSPOT_REDIS_RATE_LIMIT",
    default=None,
    metavar="URL",
    help="Share the --rate-limit budget over Redis (redis://host:6379/0) with every drainer and client of the"
    " same app and account, on any host; needs --app-id and --account-id. [env: HUBSPOT_REDIS_RATE_LIMIT]",
)
@click.option(
    "--app-id",
    envvar="HUBSPOT_APP_ID",
    default=None,
    metavar="ID",
    help="With --redis-rate-limit: the app whose budget is shared. [env: HUBSPOT_APP_ID]",
)
@click.option(
    "--account-id",
    envvar="HUBSPOT_ACCOUNT_ID",
    default=None,
    metavar="ID",
    help="With --redis-rate-limit: the HubSpot account (portal id). [env: HUBSPOT_ACCOUNT_ID]",
)
@click.option(
    "--redis-fallback",
    default=None,
    metavar="MAX/SECONDS",
    help="With --redis-rate-limit: pace this drainer alone at this budget (its share, e.g. 40/10) while Redis"
    " is unreachable; without it, nothing is sent until Redis answers.",
)
@click.option(
    "--progress-every",
    type=Seconds(),
    default=DEFAULT_PROGRESS_EVERY,
    show_default=True,
    help="Seconds between progress lines on stderr.",
)
@json_option
@pass_state
def run(
    state: State,
    until_empty: bool,
    concurrency: int,
    lease_seconds: float,
    rate_limit: str,
    redis_url: str | None,
    app_id: str | None,
    account_id: str | None,
    redis_fallback: str | None,
    progress_every: float,
) -> None:
    """Send the queued updates (until SIGTERM or Ctrl-C, or --until-empty); progress on stderr."""
    budget = shared_budget(state, rate_limit, redis_url, app_id, account_id, redis_fallback)
    box = _open()
    client = CustomChannelsClient(
        base_url=state.base_url,
        api_version=state.api_version,  # type: ignore[arg-type]  # checked by the root's click.Choice
        timeout=state.timeout,
        max_retries=state.max_retries,
        deadline=state.deadline,
        rate_limit=budget,
    )
    click.get_current_context().call_on_close(client.close)
    report = _Progress(box, state.json, progress_every)
    drainer = OutboxDrainer(
        box, client, concurrency=concurrency, lease_seconds=lease_seconds, on_progress=report.maybe
    )
    with _stop_on_sigterm(drainer):
        stats = drainer.run(until_empty=until_empty)
    report.line(stats)
    summary = {**_totals(stats), **asdict(box.counts())}
    if state.json:
        out.echo_json(summary)
    else:
        click.echo(
            f"sent {stats.sent}, retried {stats.retried}, dead {stats.dead}; pending {summary['pending']}"
        )


class _Progress:
    def __init__(self, box: Outbox, as_json: bool, every: float) -> None:
        self.box, self.as_json, self.every = box, as_json, every
        self.last = time.monotonic()

    def maybe(self, stats: DrainStats) -> None:
        if time.monotonic() - self.last >= self.every:
            self.line(stats)

    def line(self, stats: DrainStats) -> None:
        self.last = time.monotonic()
        try:
            counts = self.box.counts()
        except OutboxStoreError as error:  # the drainer waits for the store; say so
            click.echo(f"outbox: sent {stats.sent} so far; {error}", err=True)
            return
        if self.as_json:
            click.echo(json.dumps({"progress": _totals(stats), "outbox": asdict(counts)}), err=True)
        else:
            click.echo(
                f"outbox: sent {stats.sent}, retried {stats.retried}, dead {stats.dead}; "
                f"pending {counts.pending}, in flight {counts.in_flight}, dead {counts.dead}",
                err=True,
            )


def _totals(stats: DrainStats) -> dict[str, int]:
    return {"sent": stats.sent, "retried": stats.retried, "dead": stats.dead, "released": stats.released}


@contextmanager
def _stop_on_sigterm(drainer: OutboxDrainer) -> Iterator[None]:
    """SIGTERM (a supervisor stopping the drainer) finishes the batch in flight, then returns."""

    def stop(_signal: int, _frame: FrameType | None) -> None:
        drainer.stop()

    try:
        previous: Any = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread (e.g. invoked in-process from a worker thread)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@outbox.group()
def dead() -> None:
    """Updates HubSpot refused for good: list them, queue them again, or give them up."""


@dead.command("list")
@click.option("--limit", type=click.IntRange(1), default=None, help="Show at most this many.")
@json_option
@pass_state
def dead_list(state: State, limit: int | None) -> None:
    """The dead letters, oldest failure first."""
    letters = _open().dead_letters(limit)
    if state.json:
        out.echo_json(letters)
        return
    rows = [
        (d.id, d.update.channel_id, d.update.message_id, d.update.status, d.status_code, d.attempts, d.error)
        for d in letters
    ]
    headers = ("ID", "CHANNEL", "MESSAGE", "STATUS", "HTTP", "ATTEMPTS", "ERROR")
    out.echo_table(headers, rows, empty="no dead letters")


def _ids(box: Outbox, ids: tuple[str, ...], every: bool) -> list[str] | None:
    """The ids to change (None: all). A malformed or unknown id is a usage error naming it, and nothing is
    changed: a script must be able to tell a typo from success."""
    if bool(ids) == every:
        raise click.UsageError("give dead-letter ids (see `outbox dead list`) or --all, not both or neither")
    if every:
        return None
    malformed = [i for i in ids if not (i.isascii() and i.isdigit())]
    if malformed:
        raise click.BadParameter(f"not a dead-letter id: {', '.join(map(repr, malformed))}", param_hint="IDS")
    known = {letter.id for letter in box.dead_letters()}
    unknown = [i for i in ids if str(int(i)) not in known]
    if unknown:
        raise click.BadParameter(
            f"no dead letter with id {', '.join(unknown)} (see `outbox dead list`)", param_hint="IDS"
        )
    return [str(int(i)) for i in ids]


@dead.command("retry")
@click.argument("ids", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every dead letter.")
@json_option
@pass_state
def dead_retry(state: State, ids: tuple[str, ...], every: bool) -> None:
    """Queue dead letters again (after fixing what HubSpot refused)."""
    box = _open()
    count = box.retry_dead(_ids(box, ids, every))
    out.echo_json({"queued": count}) if state.json else click.echo(f"queued {count} again")


@dead.command("drop")
@click.argument("ids", nargs=-1)
@click.option("--all", "every", is_flag=True, help="Every dead letter.")
@json_option
@pass_state
def dead_drop(state: State, ids: tuple[str, ...], every: bool) -> None:
    """Give dead letters up (later updates of the same message still follow the order rule)."""
    box = _open()
    count = box.drop_dead(_ids(box, ids, every))
    out.echo_json({"dropped": count}) if state.json else click.echo(f"dropped {count}")
