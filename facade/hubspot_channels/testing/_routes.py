"""The fake's route table: every version's API operations, plus plain routes (the control API, ...).

A plain route is one line: `table.add("POST", "/oauth/2026-03/token", handler, name="oauth_token")`.
Its handler gets the fake, the request and the path parameters and answers an `Outgoing`; it skips the
API pipeline (auth, rate limit, document validation). `control=True` routes also stay out of the
requests log and are never faulted; other plain routes are logged and take faults by `name`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._http import Incoming, Outgoing
from ._spec import Operation

if TYPE_CHECKING:
    from ._fake import FakeHubSpot

PlainHandler = Callable[["FakeHubSpot", Incoming, Mapping[str, str]], Outgoing]


@dataclass(frozen=True, slots=True)
class Route:
    method: str
    template: str  # /conversations/custom-channels/2026-03/{channelId}
    pattern: re.Pattern[str]
    operation: Operation | None = None  # an API operation of one version
    handler: PlainHandler | None = None  # a plain route
    name: str | None = None  # what faults and the requests log call it
    control: bool = False

    @property
    def version(self) -> str | None:
        return self.operation.version if self.operation is not None else None


def compile_template(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template)) + "$")


@dataclass(frozen=True, slots=True)
class Match:
    route: Route | None  # None: 404 or 405
    params: dict[str, str]
    path_known: bool  # the path exists with other methods: a 405


class RouteTable:
    def __init__(self, operations: Iterable[Operation] = ()) -> None:
        self._routes: list[Route] = []
        for op in operations:
            self._add(Route(op.method, op.path, compile_template(op.path), operation=op, name=op.name))

    def add(
        self, method: str, template: str, handler: PlainHandler, *, name: str, control: bool = False
    ) -> Route:
        """Serve `method template` with `handler`; path parameters are written {name}."""
        return self._add(
            Route(method, template, compile_template(template), handler=handler, name=name, control=control)
        )

    def _add(self, route: Route) -> Route:
        if any(r.method == route.method and r.template == route.template for r in self._routes):
            raise ValueError(f"{route.method} {route.template} is routed twice")
        self._routes.append(route)
        return route

    @property
    def routes(self) -> list[Route]:
        return list(self._routes)

    def names(self) -> frozenset[str]:
        """What a fault may target: operations and the plain routes that are not control routes."""
        return frozenset(r.name for r in self._routes if r.name is not None and not r.control)

    def match(self, incoming: Incoming) -> Match:
        if incoming.encoded_slash:
            return Match(None, {}, False)  # no id contains "/": HubSpot's 404
        method, path = incoming.method, normal_path(incoming.path)
        path_known = False
        for route in self._routes:
            found = route.pattern.match(path)
            if found is None:
                continue
            path_known = True
            if route.method == method:
                return Match(route, found.groupdict(), True)
        return Match(None, {}, path_known)

    def allowed(self, path: str) -> list[str]:
        """The methods declared for `path` (the Allow header of a 405)."""
        path = normal_path(path)
        return sorted({r.method for r in self._routes if r.pattern.match(path)})


def normal_path(path: str) -> str:
    return path.rstrip("/") if path != "/" else path
