"""Exit codes, and turning library exceptions into them with a message on stderr.

The codes are a contract with operators' scripts: change them only with a major version.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from typing import IO, Any

import click

from .. import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    ConfigurationError,
    HubSpotChannelsError,
    RequestValidationError,
    UnsupportedOperationError,
)
from ..webhooks import WebhookPayloadError, WebhookSignatureError

EXIT_OK = 0
EXIT_API_ERROR = 1
EXIT_USAGE = 2  # also what click itself uses for usage errors
EXIT_CONFIG = 3
EXIT_CONNECTION = 4
EXIT_WEBHOOK_INVALID = 5
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for a command stopped by Ctrl-C

# The client reads the first three itself; named here only to keep their values out of messages.
ENV_ACCESS_TOKEN = "HUBSPOT_ACCESS_TOKEN"
ENV_DEVELOPER_API_KEY = "HUBSPOT_DEVELOPER_API_KEY"
ENV_CLIENT_SECRET = "HUBSPOT_CLIENT_SECRET"

EXIT_CODES_HELP = f"""\b
Exit codes:
  {EXIT_OK}  success
  {EXIT_API_ERROR}  HubSpot answered with an error status (4xx/5xx) or an unreadable body
  {EXIT_USAGE}  usage error or invalid argument (nothing was sent)
  {EXIT_CONFIG}  configuration error, e.g. a missing credential (nothing was sent)
  {EXIT_CONNECTION}  connection error or timeout (no response)
  {EXIT_WEBHOOK_INVALID}  webhook signature or payload invalid (webhook verify)
  {EXIT_INTERRUPTED}  interrupted (Ctrl-C); a request in flight may have reached HubSpot
"""


def error_class_for(exc: HubSpotChannelsError) -> type[CliError]:
    # Order matters: APIConnectionError is an APIError, so it is checked before the generic API error.
    if isinstance(exc, (WebhookSignatureError, WebhookPayloadError)):
        return WebhookFailure
    if isinstance(exc, (RequestValidationError, UnsupportedOperationError)):
        return UsageFailure
    if isinstance(exc, ConfigurationError):
        return ConfigFailure
    if isinstance(exc, APIConnectionError):
        return ConnectionFailure
    return ApiFailure


def _secrets() -> list[str]:
    # The library promises its messages carry no credential, but an error body quoted from a gateway
    # (HTML, echoed URL with ?hapikey=...) is outside its control: scrub what we know to be secret.
    names = (ENV_ACCESS_TOKEN, ENV_DEVELOPER_API_KEY, ENV_CLIENT_SECRET)
    return [value for value in (os.environ.get(name, "") for name in names) if len(value) >= 4]


def redact(text: str, extra_secrets: Iterable[str] = ()) -> str:
    for secret in [*_secrets(), *(s for s in extra_secrets if len(s) >= 4)]:
        text = text.replace(secret, "<redacted>")
    return text


class CliError(click.ClickException):
    """A failure with its exit code; prints one human line (or a JSON object with --json) on stderr.

    click reads ``exit_code`` from the class, hence one subclass per code below.
    """

    def __init__(
        self,
        message: str,
        *,
        details: dict[str, Any] | None = None,
        as_json: bool = False,
        secrets: Iterable[str] = (),
    ) -> None:
        self._secrets = tuple(secrets)
        super().__init__(redact(message, self._secrets))
        self.details = details or {}
        self.as_json = as_json

    def show(self, file: IO[Any] | None = None) -> None:
        if self.as_json:
            payload = {"error": {"message": self.message, "exit_code": self.exit_code, **self.details}}
            click.echo(redact(json.dumps(payload), self._secrets), file=file, err=True)
            return
        click.echo(f"Error: {self.message}", file=file, err=True)
        for line in self.details.get("errors", ()):
            click.echo(redact(f"  - {line}", self._secrets), file=file, err=True)


class ApiFailure(CliError):
    exit_code = EXIT_API_ERROR


class UsageFailure(CliError):
    exit_code = EXIT_USAGE


class ConfigFailure(CliError):
    exit_code = EXIT_CONFIG


class ConnectionFailure(CliError):
    exit_code = EXIT_CONNECTION


class WebhookFailure(CliError):
    exit_code = EXIT_WEBHOOK_INVALID


class Interrupted(CliError):
    exit_code = EXIT_INTERRUPTED

    def __init__(self, *, as_json: bool = False) -> None:
        super().__init__(
            "interrupted (Ctrl-C); a request in flight may or may not have reached HubSpot", as_json=as_json
        )


def from_library_error(exc: HubSpotChannelsError, *, as_json: bool, secrets: Iterable[str] = ()) -> CliError:
    details: dict[str, Any] = {"type": type(exc).__name__}
    if isinstance(exc, APIStatusError):
        # str(exc) already reads "HTTP 404 CATEGORY: message (correlation id ...)"; the fields are
        # repeated for --json so scripts need not parse that sentence.
        details.update(
            status=exc.status_code,
            category=exc.category,
            hubspot_message=exc.message,
            correlation_id=exc.correlation_id,
            errors=[_detail_text(d.message, d.in_, d.code) for d in exc.errors if d.message],
        )
    elif isinstance(exc, WebhookSignatureError):
        details["reason"] = exc.reason
    elif isinstance(exc, WebhookPayloadError):
        details["field"] = exc.field
    elif isinstance(exc, APIResponseValidationError):
        details["status"] = exc.status_code
    return error_class_for(exc)(str(exc), details=details, as_json=as_json, secrets=secrets)


def _detail_text(message: str | None, where: str | None, code: str | None) -> str:
    suffix = ", ".join(part for part in (where and f"in {where}", code) if part)
    return f"{message} ({suffix})" if suffix else str(message)
