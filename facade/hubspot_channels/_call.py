"""What the engine sends and how it reads the answer: plain data shared by the calls, the adapter and the
engine (which therefore never imports the adapter)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from ._registry_types import Auth

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    """What the engine sends: everything but credentials and the base URL."""

    operation: str
    auth: Auth
    method: str
    path: str
    params: Mapping[str, Any] | None
    json: Any


@dataclass(frozen=True, slots=True)
class Call(Generic[T]):
    """A request ready to send, how to read its success body, and whether repeating it is harmless."""

    request: PreparedRequest
    parse: Callable[[Any], T]
    idempotent: bool
    idempotency_id: str | None = None  # what a publish sends as its integration idempotency id
