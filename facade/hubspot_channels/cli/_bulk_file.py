"""Reading `status bulk`'s file: CSV (a header row) or JSON Lines, columns/keys channel, message, status and
an optional error. Every row is checked by building the very request the run sends (the facade's own
checks for the API version in use), so a bad row is reported with its line before anything is sent.

The file is read as a stream of lines split at "\\n" only (a "\\r\\n" ends a line too; U+2028, form feeds and
the like are text, unlike ``str.splitlines``); only the checked updates and the first problems are kept.
A file that cannot be read to its end (not UTF-8, broken CSV quoting, a field over the csv module's limit)
is an UnreadableFile: nothing is sent, even with --skip-invalid, so no row is ever dropped unreported.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .. import HubSpotChannelsError, StatusUpdate

if TYPE_CHECKING:
    from .._calls import Calls

FORMATS = ("csv", "jsonl")
REQUIRED = ("channel", "message", "status")
COLUMNS = (*REQUIRED, "error")
MAX_PROBLEMS_LISTED = 50  # per list, in the readable view and in --json (the counts are always complete)
_EXTENSIONS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
_JSON_BLANK = " \t\r"  # JSON's whitespace, besides the "\n" that ends the line
# The facade names its arguments; the file names its columns.
_COLUMN_OF_ARGUMENT = {"channel_id": "channel", "message_id": "message", "error_message": "error"}
_ARGUMENT = re.compile(r"\b(channel_id|message_id|error_message)\b")


class UnreadableFile(Exception):
    """The file as a whole cannot be used (exit 2, nothing sent); the message names the line."""


@dataclass(frozen=True, slots=True)
class FileUpdate(StatusUpdate):
    """A StatusUpdate that remembers where it came from: the facade hands it back in its result."""

    line: int = 0
    index: int = 0  # among the file's valid rows


@dataclass(frozen=True, slots=True)
class Problem:
    """Why the row at ``line`` (to ``last_line`` when a quoted field spans lines) cannot be sent."""

    line: int
    text: str
    last_line: int

    @property
    def where(self) -> str:
        return f"line {self.line}" if self.last_line == self.line else f"lines {self.line}-{self.last_line}"

    def as_json(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"line": self.line, "problem": self.text}
        return shown if self.last_line == self.line else {**shown, "last_line": self.last_line}


@dataclass
class FileRows:
    """What the file holds: every valid update, the first invalid rows, and how many rows of each."""

    updates: list[FileUpdate] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the first MAX_PROBLEMS_LISTED
    invalid: int = 0

    @property
    def rows(self) -> int:
        return len(self.updates) + self.invalid

    def add_problem(self, problem: Problem) -> None:
        self.invalid += 1
        if len(self.problems) < MAX_PROBLEMS_LISTED:
            self.problems.append(problem)


def detect_format(path: str, given: str | None) -> str:
    if given is not None:
        return given
    if path == "-":
        raise UnreadableFile("reading stdin ('-'): give --format csv or --format jsonl")
    found = _EXTENSIONS.get(Path(path).suffix.lower())
    if found is None:
        raise UnreadableFile(
            f"cannot tell the format of {path!r} from its extension (.csv, .jsonl or .ndjson): give --format"
        )
    return found


def read_rows(path: str, file_format: str, calls: Calls) -> FileRows:
    """Every row of the file checked with ``calls`` (the client's own), in file order."""
    found = FileRows()
    with _opened(path) as stream:
        lines = _lines(stream, path)
        raw = _csv_rows(lines) if file_format == "csv" else _jsonl_rows(lines)
        try:
            for first, last, fields in raw:
                checked = _checked(calls, fields, first, len(found.updates))
                if isinstance(checked, str):
                    found.add_problem(Problem(first, checked, last))
                else:
                    found.updates.append(checked)
        except OSError as exc:
            raise UnreadableFile(f"cannot read {path!r}: {exc.strerror or exc}") from None
    return found


@contextlib.contextmanager
def _opened(path: str) -> Iterator[IO[bytes]]:
    if path == "-":
        yield sys.stdin.buffer
        return
    try:
        stream = Path(path).open("rb")  # noqa: SIM115 - closed below, after the caller is done
    except OSError as exc:
        raise UnreadableFile(f"cannot read {path!r}: {exc.strerror or exc}") from None
    with stream:
        yield stream


def _lines(stream: IO[bytes], path: str) -> Iterator[str]:
    """The file's lines, each with its "\\n": a binary file splits at b"\\n" only (no UTF-8 sequence holds it)."""
    for number, data in enumerate(stream, start=1):
        if number == 1 and data.startswith(codecs.BOM_UTF8):  # the byte order mark spreadsheets write
            data = data[len(codecs.BOM_UTF8) :]
        try:
            yield data.decode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableFile(f"{path!r} is not UTF-8 text (line {number})") from None


_CANNOT_GO_ON = "the rows after it cannot be read, so nothing was sent (even with --skip-invalid)"


def _csv_rows(lines: Iterable[str]) -> Iterator[tuple[int, int, dict[str, Any] | str]]:
    # strict: an unclosed quote is an error at the end of the file, not the rest of the file in one field
    reader = csv.reader(lines, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise UnreadableFile(f"line 1: not valid CSV ({exc})") from None
    if header is None:
        raise UnreadableFile(f"the file is empty: the first line names the columns {', '.join(COLUMNS)}")
    names = [name.strip().lower() for name in header]
    unknown = [name for name in names if name not in COLUMNS]
    missing = [name for name in REQUIRED if name not in names]
    if unknown or missing or len(set(names)) != len(names):
        raise UnreadableFile(
            f"line 1 must name the columns {', '.join(REQUIRED)} and optionally error, each once; got {header!r}"
        )
    start = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            where = Problem(start, "", reader.line_num).where
            hint = f"; is the quote opened on line {start} closed?" if "end of data" in str(exc) else ""
            raise UnreadableFile(f"{where}: not valid CSV ({exc}{hint}): {_CANNOT_GO_ON}") from None
        if values and any(value.strip() for value in values):
            if len(values) != len(names):
                yield start, reader.line_num, f"has {len(values)} values for {len(names)} columns"
            else:
                yield start, reader.line_num, dict(zip(names, values, strict=True))
        start = reader.line_num + 1


def _jsonl_rows(lines: Iterable[str]) -> Iterator[tuple[int, int, dict[str, Any] | str]]:
    for line, content in enumerate(lines, start=1):
        if not content.strip(_JSON_BLANK + "\n"):
            continue
        try:
            data = json.loads(content)
        except (ValueError, RecursionError):
            yield line, line, "not a JSON object (invalid JSON)"
            continue
        if not isinstance(data, dict):
            yield line, line, f"must be a JSON object, got {type(data).__name__}"
        elif unknown := sorted(set(data) - set(COLUMNS)):
            yield line, line, f"unknown key(s) {', '.join(unknown)}; accepted: {', '.join(COLUMNS)}"
        else:
            yield line, line, data


def _checked(calls: Calls, fields: dict[str, Any] | str, line: int, index: int) -> FileUpdate | str:
    """The row's update, or why it cannot be sent."""
    if isinstance(fields, str):
        return fields
    missing = [key for key in REQUIRED if fields.get(key) in (None, "")]
    if missing:
        return f"missing {', '.join(missing)}"
    error = fields.get("error")
    if error == "" or error is None:  # an empty CSV cell: no error text
        error = None
    elif not isinstance(error, str):
        return f"error must be text, got {type(error).__name__}"
    channel, message, status = fields["channel"], fields["message"], fields["status"]
    if isinstance(message, int) and not isinstance(message, bool):
        message = str(message)  # a JSON number for an id that happens to be digits
    try:
        # Builds (never sends) the request update_statuses will send for exactly these values.
        calls.update_message_status(channel, message, status, error)
    except HubSpotChannelsError as exc:
        return _ARGUMENT.sub(lambda found: _COLUMN_OF_ARGUMENT[found.group()], str(exc))
    # a file repeats a few channels and statuses: one string each, not one per row
    channel, status = (sys.intern(v) if isinstance(v, str) else v for v in (channel, status))
    return FileUpdate(channel, message, status, error, line=line, index=index)
