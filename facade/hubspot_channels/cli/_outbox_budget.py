"""`outbox run`'s budget: a tier name, "auto" or none, or one shared over Redis (--redis-rate-limit)."""

from __future__ import annotations

from typing import Any

import click

from .. import HubSpotChannelsError, RateLimit
from ._app import State


def shared_budget(
    state: State,
    rate_limit: str,
    redis_url: str | None,
    app_id: str | None,
    account_id: str | None,
    fallback: str | None,
) -> Any:
    """The client's ``rate_limit=``: a tier name, "auto" or None, or a ``RedisRateLimit`` for that tier."""
    tier = None if rate_limit.strip().lower() == "none" else rate_limit
    if redis_url is None:
        if fallback is not None:
            raise click.UsageError("--redis-fallback applies with --redis-rate-limit only")
        return tier
    if tier is None:
        raise click.UsageError(
            "--redis-rate-limit shares a budget: give --rate-limit a tier or auto, not none"
        )
    if not (app_id and account_id):
        raise click.UsageError("--redis-rate-limit needs --app-id and --account-id (the budget's owner)")
    state.secrets.append(redis_url)  # a redis://:password@host URL is never echoed in an error
    try:
        from ..redis import RedisRateLimit
    except ImportError as error:
        raise click.UsageError(f"--redis-rate-limit needs the redis extra ({error})") from None
    return RedisRateLimit(
        redis_url, app_id=app_id, account_id=account_id, limit=tier, fallback=_fallback(fallback)
    )


def _fallback(value: str | None) -> RateLimit | None:
    if value is None:
        return None
    count, slash, seconds = value.partition("/")
    try:
        if not slash:
            raise ValueError
        return RateLimit(int(count), float(seconds))
    except (ValueError, HubSpotChannelsError):
        raise click.BadParameter(
            f"{value!r}: give MAX/SECONDS, e.g. 40/10", param_hint="--redis-fallback"
        ) from None
