"""Argument checks for ``hubspot_channels.webhooks``: wrong types are a `TypeError` naming the argument.

A bad client secret is a `ConfigurationError` whose message never contains the value.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable

from ._exceptions import ConfigurationError

SIGNATURE_VERSIONS = ("v1", "v2", "v3")
DEFAULT_SIGNATURE_VERSIONS = ("v3",)


def client_secret(value: object) -> str:
    """The app's client secret, refused when it cannot be what HubSpot signs with."""
    if not isinstance(value, str):
        raise ConfigurationError(
            f"client_secret must be a str (the app's client secret), got {type(value).__name__}"
        )
    if not value.strip():
        # An empty key would accept any request signed with an empty key.
        raise ConfigurationError("client_secret is empty or only whitespace: pass the app's client secret")
    if value != value.strip():
        raise ConfigurationError(
            "client_secret has leading or trailing whitespace (read from a file? strip the newline)"
        )
    # Cc: control characters; Cs: lone surrogates, which cannot be encoded to sign with.
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in value):
        raise ConfigurationError("client_secret contains a control character or an unpaired surrogate")
    return value


def body(value: object) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    hint = " (pass the raw request bytes, not decoded text)" if isinstance(value, str) else ""
    raise TypeError(f"body must be bytes{hint}, got {type(value).__name__}")


def text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


def now(value: object) -> float | None:
    if value is None:
        return None
    number = _number("now", value)
    if not math.isfinite(number):
        # A NaN clock would make every timestamp look fresh.
        raise ValueError("now must be a finite number of seconds since the epoch")
    return number


def seconds(name: str, value: object) -> float:
    number = _number(name, value)
    if not (math.isfinite(number) and number >= 0):
        raise ValueError(f"{name} must be a finite number of seconds, at least 0")
    return number


def positive_seconds(name: str, value: object) -> float:
    number = seconds(name, value)
    if number <= 0:
        raise ValueError(f"{name} must be more than 0 seconds")
    return number


def _number(name: str, value: object) -> float:
    # bool is an int subclass: True is not a time.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    try:
        return float(value)
    except OverflowError as exc:  # an int beyond float range
        raise ValueError(f"{name} is out of range") from exc


def signature_versions(value: object) -> frozenset[str]:
    """The accepted versions, lower case; "v3" is required, "v1"/"v2" are an explicit opt-in."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(
            f"signature_versions must be a collection such as ('v3', 'v1'), got {type(value).__name__}"
        )
    versions: set[str] = set()
    for item in value:
        if not isinstance(item, str):
            raise TypeError(f"signature_versions items must be str, got {type(item).__name__}")
        if item.lower() not in SIGNATURE_VERSIONS:
            raise ConfigurationError(
                f"unknown signature version {item[:10]!r} in signature_versions; known: v1, v2, v3"
            )
        versions.add(item.lower())
    if "v3" not in versions:
        raise ConfigurationError(
            "signature_versions must include 'v3' (HubSpot signs every request with it); "
            "add 'v1' or 'v2' only to accept those replayable signatures as well"
        )
    return frozenset(versions)
