"""Reading `status bulk`'s file: CSV (a header row) or JSON Lines, columns/keys channel, message, status and
an optional error. Every row is checked with the facade's own rules before anything is sent, so that a bad
row is reported with its line number instead of failing halfway through a run."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from .. import HubSpotChannelsError, StatusUpdate
from .._validate import numeric_id, status_update, text_id

FORMATS = ("csv", "jsonl")
REQUIRED = ("channel", "message", "status")
COLUMNS = (*REQUIRED, "error")
_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True)
class Row:
    """One line of the file: what to send, or why it cannot be sent."""

    line: int
    fields: dict[str, Any]
    update: StatusUpdate | None = None
    problem: str | None = None


def detect_format(path: str, given: str | None) -> str:
    if given is not None:
        return given
    if path == "-":
        raise click.BadParameter(
            "reading stdin ('-'): give --format csv or --format jsonl", param_hint="FILE"
        )
    found = _EXTENSIONS.get(Path(path).suffix.lower())
    if found is None:
        raise click.BadParameter(
            f"cannot tell the format of {path!r} from its extension (.csv, .jsonl or .ndjson): give --format",
            param_hint="FILE",
        )
    return found


def read_rows(path: str, file_format: str) -> list[Row]:
    """Every row of the file, each with its update or its problem; unreadable files are usage errors."""
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise click.BadParameter(f"cannot read {path!r}: {exc.strerror}", param_hint="FILE") from None
    try:
        text = data.decode("utf-8-sig")  # -sig: the byte order mark spreadsheets write
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise click.BadParameter(f"{path!r} is not UTF-8 text (line {line})", param_hint="FILE") from None
    raw = _csv_rows(text) if file_format == "csv" else _jsonl_rows(text)
    return [_checked(line, fields) for line, fields in raw]


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise click.BadParameter(f"line 1: {exc}", param_hint="FILE") from None
    if header is None:
        raise click.BadParameter(
            f"the file is empty: the first line names the columns {', '.join(COLUMNS)}", param_hint="FILE"
        )
    names = [name.strip().lower() for name in header]
    unknown = [name for name in names if name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in names]
    if unknown or missing or len(set(names)) != len(names):
        raise click.BadParameter(
            f"line 1 must name the columns {', '.join(REQUIRED)} and optionally error, each once; got {header!r}",
            param_hint="FILE",
        )
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, f"not valid CSV ({exc})"
            return  # the reader cannot resynchronise after a broken quote
        if values and any(value.strip() for value in values):
            if len(values) != len(names):
                yield start, f"has {len(values)} values for {len(names)} columns"
            else:
                yield start, dict(zip(names, values, strict=True))
        start = reader.line_num + 1


def _jsonl_rows(text: str) -> Iterator[tuple[int, dict[str, Any] | str]]:
    for line, content in enumerate(text.splitlines(), start=1):
        if not content.strip():
            continue
        try:
            data = json.loads(content)
        except (ValueError, RecursionError):
            yield line, "not a JSON object (invalid JSON)"
            continue
        if not isinstance(data, dict):
            yield line, f"must be a JSON object, got {type(data).__name__}"
        elif unknown := sorted(set(data) - set(COLUMNS)):
            yield line, f"unknown key(s) {', '.join(unknown)}; accepted: {', '.join(COLUMNS)}"
        else:
            yield line, data


def _checked(line: int, fields: dict[str, Any] | str) -> Row:
    if isinstance(fields, str):
        return Row(line, {}, problem=fields)
    missing = [key for key in REQUIRED if fields.get(key) in (None, "")]
    if missing:
        return Row(line, fields, problem=f"missing {', '.join(missing)}")
    error = fields.get("error")
    if error == "" or error is None:  # an empty CSV cell: no error text
        error = None
    elif not isinstance(error, str):
        return Row(line, fields, problem=f"error must be text, got {type(error).__name__}")
    channel, message = fields["channel"], fields["message"]
    if isinstance(message, int) and not isinstance(message, bool):
        message = str(message)  # a JSON number for an id that happens to be digits
    try:
        numeric_id(channel, "channel")
        text_id(message, "message")
        status, error = status_update(fields["status"], error)
    except HubSpotChannelsError as exc:
        return Row(line, fields, problem=str(exc).replace("error_message", "error"))
    return Row(line, fields, update=StatusUpdate(str(channel).strip(), message, status, error))
