"""`python -m hubspot_channels.testing serve --port 8080`: run the fake HubSpot in the foreground.

Serves every registered API version and the control API (/_fake). Exit status: 0 when stopped by
Ctrl-C (SIGINT) or SIGTERM, since stopping is what they are for; 1 when the `testing` extra is missing
(one line on stderr naming the pip command); 2 for a usage error.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from typing import Any


def _rate_limit(text: str) -> tuple[int, float]:
    from ._ratelimit import check_rate_limit

    count, _, seconds = text.partition("/")
    try:
        parsed = int(count), float(seconds or "1")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: use REQUESTS/SECONDS, e.g. 100/1.0") from None
    try:
        return check_rate_limit(parsed)
    except (TypeError, ValueError) as exc:  # argparse turns only this one into a usage error
        raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m hubspot_channels.testing")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve a fake Custom Channels API over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--access-token", default="fake-access-token")
    serve.add_argument("--developer-api-key", default="fake-developer-key")
    serve.add_argument("--app-id", type=int, default=123456)
    serve.add_argument("--client-secret", default="fake-client-secret")
    serve.add_argument("--portal-id", type=int, default=62515)
    serve.add_argument(
        "--rate-limit",
        type=_rate_limit,
        default=None,
        metavar="REQUESTS/SECONDS",
        help="answer 429 beyond this many requests per window (seconds: above 0, at most a day)",
    )
    serve.add_argument("--no-validation", action="store_true", help="skip request and response validation")
    args = parser.parse_args(argv)

    from . import MissingExtraError, import_part

    try:
        FakeHubSpot = import_part("._fake").FakeHubSpot
        make_server = import_part("._server").make_server
    except MissingExtraError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    fake = FakeHubSpot(
        access_token=args.access_token,
        developer_api_key=args.developer_api_key,
        app_id=args.app_id,
        client_secret=args.client_secret,
        portal_id=args.portal_id,
        rate_limit=args.rate_limit,
        validate_requests=not args.no_validation,
        validate_responses=not args.no_validation,
    )
    server, sock, base_url = make_server(fake, args.host, args.port)
    print(_banner(fake, base_url), flush=True)
    # uvicorn shuts down on SIGINT or SIGTERM, then re-raises the signal to the handler it found: make
    # SIGTERM end like Ctrl-C (a KeyboardInterrupt), since stopping is what both are for, not an error.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:
        pass
    return 0


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _banner(fake: Any, base_url: str) -> str:
    from ._spec import VERSIONS_SERVED, operation

    # The first line is what a script waiting for the server reads: the base URL clients take.
    lines = [f"fake HubSpot Custom Channels API on {base_url} (base_url for every version)"]
    lines += [f"  {v}: {base_url}{operation(v, 'list_channels').path}" for v in VERSIONS_SERVED]
    lines += [
        f"  control API: {base_url}/_fake (GET it for the list; OpenAPI at {base_url}/_fake/openapi.json)",
        f"  appId: {fake.app_id}  portalId: {fake.portal_id}",
        # The built-in made-up credentials are shown (clients must send them); ones given on the command
        # line may be someone's real values, so never.
        f"  developer API key (hapikey): {_shown(fake.developer_api_key, 'fake-developer-key')}",
        f"  access token (Bearer): {_shown(fake.access_token, 'fake-access-token')}",
        f"  client secret: {_shown(fake.client_secret, 'fake-client-secret')}",
        "Ctrl-C stops (exit 0).",
    ]
    return "\n".join(lines)


def _shown(value: str, default: str) -> str:
    return value if value == default else "(as given on the command line)"


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # Ctrl-C before the server took over the signal (e.g. while importing)
        sys.exit(0)
