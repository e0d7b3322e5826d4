"""Every public name of ``hubspot_channels`` (``__all__``) and every public method or property a public class
defines has its own docstring: a one-line summary, then Args/Returns/Raises sections where they say more
than the signature (the README's Contributing section names the style)."""

from __future__ import annotations

import enum
import inspect
from collections.abc import Iterator
from typing import Any

import pytest

import hubspot_channels
from hubspot_channels import _async_resources, _sync_resources


def _own_doc(obj: Any) -> str:
    """The docstring the object itself defines (classes: not one inherited from a base)."""
    if inspect.isclass(obj):
        return obj.__dict__.get("__doc__") or ""
    return inspect.getdoc(obj) or ""


def public_names() -> list[str]:
    return sorted(hubspot_channels.__all__)


def public_classes() -> Iterator[tuple[str, type]]:
    """The exported classes, and the resource classes a client's attributes give (client.channels, ...)."""
    for name in public_names():
        obj = getattr(hubspot_channels, name)
        if inspect.isclass(obj):
            yield name, obj
    for module in (_async_resources, _sync_resources):
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and obj.__module__ == module.__name__ and not name.startswith("_"):
                yield f"{module.__name__.rsplit('.', 1)[-1]}.{name}", obj


def public_members() -> Iterator[str]:
    for name, cls in public_classes():
        if not inspect.isclass(cls) or issubclass(cls, enum.Enum):
            continue  # an enum's members are values, not methods
        for member, value in vars(cls).items():
            if member.startswith("_") and member != "__call__":
                continue  # __init__ included: the class docstring documents construction
            if callable(value) or isinstance(value, (property, classmethod, staticmethod)):
                yield f"{name}.{member}"


def _resolve(dotted: str) -> Any:
    owner, member = dotted.rsplit(".", 1)
    value = vars(dict(public_classes())[owner])[member]
    return value.__func__ if isinstance(value, (classmethod, staticmethod)) else value


@pytest.mark.parametrize("name", public_names())
def test_every_public_name_has_a_docstring(name: str) -> None:
    obj = getattr(hubspot_channels, name)
    if not (inspect.isclass(obj) or inspect.isfunction(obj)):
        pytest.skip(f"{name} is a value (documented where it is defined)")
    assert _own_doc(obj).strip(), f"hubspot_channels.{name} has no docstring"


@pytest.mark.parametrize("member", list(public_members()))
def test_every_public_method_has_a_docstring(member: str) -> None:
    value = _resolve(member)
    doc = (value.fget.__doc__ if isinstance(value, property) and value.fget else value.__doc__) or ""
    assert doc.strip(), f"hubspot_channels.{member} has no docstring"
