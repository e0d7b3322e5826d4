"""The shapes of the generated registry (_registry.py): plain data, no generated code."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Auth = Literal["developer", "bearer"]
# (wire name, attribute, kind, nested shape key, required): a response object's field as the generated
# from_dict reads it; kind is value, datetime, model, models or other (scripts/registry_shapes.py)
ShapeField = tuple[str, str, str, "str | None", bool]
# {python field name: the fields of its object (or of its array's items); {} for anything else}
FieldTree = Mapping[str, "FieldTree"]


@dataclass(frozen=True, slots=True)
class OperationInfo:
    """What every version shares about one operation."""

    name: str
    method: str  # upper case
    path: str  # version-free, e.g. /conversations/custom-channels/{channelId}
    resource: str  # the generated module folder under api/
    auth: Auth


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One operation as one version's document states it."""

    method: str
    path: str  # the template, e.g. /conversations/v3/custom-channels/{channelId}
    path_params: tuple[tuple[str, str], ...]  # (generated argument name, wire name), in path order
    query_params: tuple[tuple[str, str], ...]  # (generated argument name, wire name)
    query_defaults: tuple[tuple[str, object], ...]  # sent when not given, as the generated client does
    query_choices: tuple[
        tuple[str, tuple[str, ...]], ...
    ]  # (generated argument name, the values it may take)
    body_model: str | None  # generated model class of the request body
    success_model: str | None  # generated model class of the success response


@dataclass(frozen=True, slots=True)
class VersionFacts:
    package: str
    endpoints: Mapping[str, Endpoint]
    request_fields: Mapping[str, FieldTree]  # operation -> its body's field tree
    required_fields: Mapping[str, tuple[str, ...]]  # PATCH operation -> fields its body must carry
    # generated class (or inline object key) -> its fields; None: an object the one-parse reader declines
    response_shapes: Mapping[str, tuple[ShapeField, ...] | None]
