"""Option value types that refuse, as usage errors (exit 2 naming the option), what the library would
refuse later as a configuration error: click.FloatRange lets nan, inf and 1e400 through."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import click

from .._config import MAX_RETRIES_LIMIT, MAX_SECONDS

# click's ParamType is generic only in recent versions; the package supports 8.2.
if TYPE_CHECKING:
    _FloatParam = click.ParamType[float]
else:
    _FloatParam = click.ParamType


class Seconds(_FloatParam):
    """A finite number of seconds, above 0 (or at least 0 with ``allow_zero``), at most ``maximum``."""

    name = "seconds"

    def __init__(self, *, allow_zero: bool = False, maximum: float | None = MAX_SECONDS) -> None:
        self.allow_zero = allow_zero
        self.maximum = maximum

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            number = value
        else:
            try:
                number = float(str(value).strip())
            except (ValueError, OverflowError):
                self.fail(f"{_shown(value)} is not a number of seconds", param, ctx)
        low = "at least 0" if self.allow_zero else "above 0"
        high = f" and at most {self.maximum:g}" if self.maximum is not None else ""
        in_range = (number >= 0 if self.allow_zero else number > 0) and (
            self.maximum is None or number <= self.maximum
        )
        if not (math.isfinite(number) and in_range):
            self.fail(f"{_shown(value)} is not a finite number of seconds {low}{high}", param, ctx)
        return number


def _shown(value: Any) -> str:
    text = repr(str(value))
    return text if len(text) <= 40 else f"{text[:40]}..."


RETRIES = click.IntRange(min=0, max=MAX_RETRIES_LIMIT)
