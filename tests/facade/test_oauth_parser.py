"""The token endpoint's answer read into a TokenSet (no I/O): both spellings, odd or missing expires_in, bodies
that are not JSON; properties over arbitrary answers (hypothesis)."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hubspot_channels import OAuthRefreshError
from hubspot_channels._oauth import DEFAULT_EXPIRES_IN, MAX_EXPIRES_IN, lifetime, parse_token_answer

OLD = "old-refresh-token"


def test_both_spellings_are_read() -> None:
    legacy = {"access_token": "tok-1", "refresh_token": "r-2", "expires_in": 1800, "token_type": "bearer"}
    newer = {"accessToken": "tok-1", "refreshToken": "r-2", "expiresIn": "1800", "hubId": "62515"}
    for body in (legacy, newer):
        tokens = parse_token_answer(200, json.dumps(body).encode(), OLD)
        assert (tokens.access_token, tokens.refresh_token, tokens.expires_in) == ("tok-1", "r-2", 1800.0)
    assert parse_token_answer(200, json.dumps(newer).encode(), OLD).hub_id == 62515


def test_a_refresh_token_that_is_not_rotated_is_kept() -> None:
    assert parse_token_answer(200, b'{"access_token": "tok"}', OLD).refresh_token == OLD


@pytest.mark.parametrize("odd", [None, 0, -5, "soon", True, float("nan"), [], {}, "1e400"])
def test_an_odd_or_missing_expires_in_is_the_documented_half_hour(odd: object) -> None:
    assert lifetime(odd) == DEFAULT_EXPIRES_IN


def test_a_huge_expires_in_is_capped_at_a_day() -> None:
    assert lifetime(10**400) == DEFAULT_EXPIRES_IN and lifetime(10**9) == MAX_EXPIRES_IN


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
answers = st.dictionaries(
    st.sampled_from(
        ["access_token", "accessToken", "refresh_token", "expires_in", "expiresIn", "hub_id", "x"]
    ),
    json_values
    | st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=40),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(status=st.sampled_from([200, 201, 400, 401, 429, 500, 503]), body=answers)
def test_any_json_answer_is_a_usable_token_set_or_a_typed_error(status: int, body: dict[str, object]) -> None:
    try:
        tokens = parse_token_answer(status, json.dumps(body).encode(), OLD)
    except OAuthRefreshError as error:
        assert error.reason in {"invalid_grant", "invalid_client", "rejected", "server_error", "unreadable"}
        assert (error.reason == "server_error") == (status >= 500)
        return
    assert 200 <= status < 300
    assert tokens.access_token and tokens.access_token.isascii() and " " not in tokens.access_token
    assert 0 < tokens.expires_in <= MAX_EXPIRES_IN and math.isfinite(tokens.expires_in)
    assert tokens.refresh_token


@settings(max_examples=200, deadline=None)
@given(status=st.sampled_from([200, 400, 502]), body=st.binary(max_size=60))
def test_bytes_that_are_not_json_never_escape_as_anything_but_the_typed_error(
    status: int, body: bytes
) -> None:
    try:
        parse_token_answer(status, body, OLD)
    except OAuthRefreshError as error:
        assert error.status_code == status
    else:
        assert status == 200  # only a JSON object with an access token gets here
