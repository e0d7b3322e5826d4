"""`python -m hubspot_channels.testing serve --port 8080`: run the fake HubSpot in the foreground.

Serves every registered API version, the OAuth token endpoint and the control API (/_fake). The first
line is printed once the socket accepts connections and Ctrl-C/SIGTERM are handled. Exit status: 0 when
stopped by Ctrl-C (SIGINT) or SIGTERM, since stopping is what they are for; 1 when the `testing` extra is
missing (one line on stderr naming the pip command); 2 for a usage error, also an address that cannot be
listened on (a port in use or out of range, an unknown host: one line on stderr).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

# Only sys at the top: a Ctrl-C while this module loads would be Python's traceback, one inside main is caught
# below. The rest loads in main, once per process.
if TYPE_CHECKING:
    from collections.abc import Sequence


def _rate_limit(text: str) -> tuple[int, float]:
    import argparse

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
    import argparse
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        # Before the slow imports: a SIGTERM while starting ends like Ctrl-C, quietly (see _interrupt).
        signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(prog="python -m hubspot_channels.testing")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve a fake Custom Channels API over HTTP")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--access-token", default="fake-access-token")
    serve.add_argument("--developer-api-key", default="fake-developer-key")
    serve.add_argument("--app-id", type=int, default=123456)
    serve.add_argument("--client-secret", default="fake-client-secret")
    serve.add_argument(
        "--client-id", default="fake-client-id", help="the OAuth client id the token endpoint takes"
    )
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
    fake.oauth.client_id = args.client_id
    if not 0 <= args.port <= 65535:
        print(f"error: cannot listen on port {args.port}: a port is 0 to 65535", file=sys.stderr)
        return 2
    address = f"[{args.host}]:{args.port}" if ":" in args.host else f"{args.host}:{args.port}"
    shown: list[str] = []  # the base URL, once make_server has told it
    try:
        # The banner is printed from the server's startup, once it listens and handles signals.
        server, sock, base_url = make_server(
            fake, args.host, args.port, on_started=lambda: print(_banner(fake, shown[0]), flush=True)
        )
    except (OSError, OverflowError, UnicodeError) as exc:  # in use, no such host, not a local address
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(f"error: cannot listen on {address}: {reason}", file=sys.stderr)
        return 2
    shown.append(base_url)
    # uvicorn shuts down on SIGINT or SIGTERM, then re-raises the signal to the handler it found (ours,
    # from the top of main): SIGTERM ends like Ctrl-C, since stopping is what both are for, not an error.
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
        f"  OAuth client id: {fake.oauth.client_id}  token endpoint: {base_url}/oauth/2026-03/token",
        f"  a refresh token for a portal: POST {base_url}/_fake/oauth/install",
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
