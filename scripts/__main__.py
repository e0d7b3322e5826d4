"""python -m scripts <command> [arguments]: the repo's tooling behind one entry point.

Each command is one module's ``main(argv)``, imported only when run (bench and demo load the facade; the
pipeline commands need only the standard library and the generator). ``python -m scripts <command> --help``
describes a command's arguments.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

Main = Callable[[list[str]], int]


def _vendor(argv: list[str]) -> int:
    from .vendor_spec import main

    return main(argv)


def _generate(argv: list[str]) -> int:
    from .generate import main

    return main(argv)


def _bump(argv: list[str]) -> int:
    from .bump import main

    return main(argv)


def _diff(argv: list[str]) -> int:
    from .apidiff import main

    return main(argv)


def _surface(argv: list[str]) -> int:
    from .surface_diff import main

    return main(argv)


def _ci(argv: list[str]) -> int:
    from .ci_api_diff import main

    return main(argv)


def _upstream_watch(argv: list[str]) -> int:
    from .upstream_watch import main

    return main(argv)


def _bench(argv: list[str]) -> int:
    from .bench import main

    return main(argv)


def _unasync(argv: list[str]) -> int:
    from .unasync import main

    return main(argv)


def _demo(argv: list[str]) -> int:
    from .demo import main

    return main(argv)


# command -> (what it does, its main); the order is the order of the help text.
COMMANDS: dict[str, tuple[str, Main]] = {
    "vendor": ("vendor a published OpenAPI document into openapi/ (prose stripped, provenance)", _vendor),
    "generate": ("generate each version's low-level client into generated/ (--check: compare)", _generate),
    "bump": ("add an API version: vendor, generate, write the reviewer's report, run the tests", _bump),
    "diff": ("semantic diff of two OpenAPI documents (paths or REV:path)", _diff),
    "surface": ("public-surface diff of two generated packages", _surface),
    "ci": ("CI wiring of the API diff: check | check-upstream", _ci),
    "upstream-watch": (
        "a new publication on a branch: re-vendored, regenerated, tested, reported (exit 0/10/20)",
        _upstream_watch,
    ),
    "bench": ("side-by-side benchmark against a loopback server (--pacing, --fake, --profile)", _bench),
    "unasync": ("write the facade's sync modules from their async sources (--check: compare)", _unasync),
    "demo": ("an integration's whole life against the embedded fake (--live: against HubSpot)", _demo),
}


def usage() -> str:
    width = max(map(len, COMMANDS))
    lines = ["usage: python -m scripts <command> [arguments]", "", "commands:"]
    lines += [f"  {name:<{width}}  {summary}" for name, (summary, _main) in COMMANDS.items()]
    lines += ["", "python -m scripts <command> --help describes a command's arguments."]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        sys.stderr.write(usage())
        return 2
    if args[0] in ("-h", "--help"):
        sys.stdout.write(usage())
        return 0
    command, rest = args[0], args[1:]
    if command not in COMMANDS:
        sys.stderr.write(f"python -m scripts: unknown command {command!r}\n\n{usage()}")
        return 2
    return COMMANDS[command][1](rest)


if __name__ == "__main__":
    sys.exit(main())
