"""The requests log as the control API shows it: what was called and answered, never a credential."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ._app import RequestRecord

MASK = "***"
_SECRET_QUERY = re.compile(r"hapikey|token|secret|key|password|code", re.IGNORECASE)
_STAGING_TOKEN = re.compile(r"(/channel-account-staging-tokens/)[^/]+")


def summarize(record: RequestRecord, secrets: Iterable[str]) -> dict[str, Any]:
    """method, path, query, status, operation, version, credential kind, fault and note of one request.

    Masked: query values whose name says secret (hapikey, ...), the staging token in a path, the
    Authorization value (only its scheme is kept) and every one of `secrets` wherever it appears
    (path, query names and values).
    """
    known = sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True)

    def scrub(text: str) -> str:
        for secret in known:
            text = text.replace(secret, MASK)
        return text

    query: dict[str, list[str]] = {}
    for name, values in record.query.items():
        shown = [MASK if _SECRET_QUERY.search(name) else scrub(v) for v in values]
        query.setdefault(scrub(name), []).extend(shown)
    authorization = record.headers.get("authorization")
    credential = None
    if authorization is not None:
        scheme = authorization.split(" ", 1)[0] if " " in authorization.strip() else ""
        credential = f"{scheme} {MASK}".strip()
    elif "hapikey" in record.query:
        credential = f"hapikey {MASK}"
    fault = None
    if record.fault is not None:
        fault = {k: v for k, v in record.fault.to_json().items() if k != "body"}
    return {
        "method": record.method,
        "path": scrub(_STAGING_TOKEN.sub(r"\g<1>" + MASK, record.path)),
        "query": query,
        "status": record.status,
        "operation": record.route,  # an API operation, or a plain route such as oauth_token
        "version": record.version,
        "credential": credential,
        "fault": fault,
        "note": record.note,
        "time": record.time,
    }
