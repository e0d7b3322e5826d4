"""A document given by URL is never printed with its secrets: check-upstream and diff label it redacted, and a
URL that cannot be read is named redacted in the one-line error (the secret in a query, userinfo, fragment)."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts import ci_api_diff
from scripts.apidiff import _load
from tests.support.paths import REPO

SECRET = "s3cr3t-token-value-42"
VENDORED = "openapi/custom-channels-2026-03.json"


@pytest.fixture
def served_spec() -> Iterator[str]:
    body = (REPO / VENDORED).read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/spec.json"
    server.shutdown()
    server.server_close()


def test_check_upstream_prints_a_url_without_its_secret(
    served_spec: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"{served_spec}?token={SECRET}#{SECRET}"
    status = ci_api_diff.check_upstream(REPO, VENDORED, url, "never", "text")
    out = capsys.readouterr()
    assert status == 0
    assert "nothing that matters changed" in out.out
    assert SECRET not in out.out + out.err
    assert "127.0.0.1" in out.out  # the source is still named


@pytest.mark.parametrize(
    "url",
    [
        f"http://user:{SECRET}@127.0.0.1:9/spec.json",
        f"http://127.0.0.1:9/spec.json?hapikey={SECRET}",
        f"http://127.0.0.1:9/spec.json#{SECRET}",
    ],
)
def test_an_unreadable_url_is_named_redacted(url: str) -> None:
    with pytest.raises(_load.InputError) as caught:
        _load.load_spec(url)
    message = str(caught.value)
    assert SECRET not in message and "127.0.0.1" in message
    assert "\n" not in message
    assert caught.value.__cause__ is None  # the urllib error (which holds the URL) is not chained


def test_a_local_path_label_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_bytes((REPO / VENDORED).read_bytes())
    assert _load.load_spec(str(path)).label == str(path)


@pytest.mark.parametrize(
    "url",
    [
        f"https://user:{SECRET}@127.0.0.1/spec.json?hapikey={SECRET}",  # urllib alone: InvalidURL traceback
        f"HTTPS://user:{SECRET}@127.0.0.1:9/spec.json?hapikey={SECRET}",  # an upper-case scheme is a URL too
        f"https://[::1:{SECRET}/spec.json",  # unparsable
    ],
)
def test_a_hostile_url_is_one_line_without_its_secret(url: str) -> None:
    with pytest.raises(_load.InputError) as caught:
        _load.load_spec(url)
    message = str(caught.value)
    assert SECRET not in message and "\n" not in message
    assert caught.value.__cause__ is None
