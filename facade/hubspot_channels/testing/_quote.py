"""Error messages that name an offending value without echoing it back whole (a 1 MB value, twice)."""

from __future__ import annotations

QUOTE_LIMIT = 200  # characters of a value an error message quotes
MESSAGE_LIMIT = 4 * QUOTE_LIMIT


def short(value: object) -> str:
    """repr(value), cut to QUOTE_LIMIT characters."""
    text = repr(value)
    return text if len(text) <= QUOTE_LIMIT else f"{text[:QUOTE_LIMIT]}... ({len(text)} characters)"


def short_message(message: str, instance: object) -> str:
    """A jsonschema message (which quotes the whole instance) with the instance quoted short."""
    quoted = repr(instance)
    if len(quoted) > QUOTE_LIMIT and quoted in message:
        message = message.replace(quoted, short(instance))
    return message if len(message) <= MESSAGE_LIMIT else message[:MESSAGE_LIMIT] + "..."
