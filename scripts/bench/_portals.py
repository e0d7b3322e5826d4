"""What a portal client costs: ``client.for_portal(...)`` against building a whole client per portal.

    .venv/bin/python -m scripts.bench._portals [--portals 1000]

Prints microseconds per portal client (no request is sent: creation only) and the connection pools built.
"""

from __future__ import annotations

import argparse
import time

import httpx

from hubspot_channels import CustomChannelsClient, OAuthRefresh, RateLimit


def per_portal(portals: int) -> dict[str, float]:
    parent = CustomChannelsClient(
        access_token="bench-token", base_url="http://127.0.0.1:9", rate_limit=RateLimit(100, 10)
    )
    refresh = OAuthRefresh(client_id="bench-id", client_secret="bench-secret", refresh_token="bench-refresh")
    started = time.perf_counter()
    children = [parent.for_portal(refresh) for _ in range(portals)]
    for_portal = (time.perf_counter() - started) / portals
    started = time.perf_counter()
    whole = [
        CustomChannelsClient(
            access_token="bench-token", base_url="http://127.0.0.1:9", rate_limit=RateLimit(100, 10)
        )
        for _ in range(portals)
    ]
    whole_client = (time.perf_counter() - started) / portals
    pools = len({id(child._http) for child in children})
    for client in whole:
        client.close()
    parent.close()
    return {"for_portal_us": for_portal * 1e6, "new_client_us": whole_client * 1e6, "pools": pools}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--portals", type=int, default=1000)
    args = parser.parse_args(argv)
    result = per_portal(args.portals)
    print(
        f"for_portal(): {result['for_portal_us']:.1f} µs per portal client, {result['pools']:.0f} pool for "
        f"{args.portals} portals; a new client per portal: {result['new_client_us']:.1f} µs each "
        f"(httpx {httpx.__version__})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
