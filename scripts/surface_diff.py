"""Public-surface diff of two generated client packages (openapi-python-client output), read with `ast`.

    python -m scripts surface OLD_DIR NEW_DIR [--format text|markdown|json] [--fail-on-breaking]

Reports added/removed modules, public functions (with signatures), classes (models and enums) and their
fields (annotations; enum members with values). Removals and changes are "breaking" for code using the
package; additions are "additive". Nothing is imported, so the packages need not be installable.
Exit status: 0, or 1 with --fail-on-breaking when something breaking changed; 2 on input errors.
"""

from __future__ import annotations

import argparse
import ast
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class SurfaceChange:
    kind: str  # e.g. function-removed, field-type-changed
    name: str  # dotted: module, module.function, module.Class, module.Class.field
    old: str | None
    new: str | None

    @property
    def breaking(self) -> bool:
        return not self.kind.endswith("-added")


@dataclass
class Surface:
    modules: set[str]
    functions: dict[str, str]  # dotted name -> signature
    classes: dict[str, dict[str, str]]  # dotted name -> field name -> annotation (or enum value)


def find_package(directory: Path) -> Path:
    """The package root: DIR itself when it holds api/ or models/, else its only such subpackage."""
    if (directory / "api").is_dir() or (directory / "models").is_dir():
        return directory
    candidates = (
        [
            child
            for child in directory.iterdir()
            if child.is_dir()
            and (child / "__init__.py").is_file()
            and ((child / "api").is_dir() or (child / "models").is_dir())
        ]
        if directory.is_dir()
        else []
    )
    if len(candidates) != 1:
        raise ValueError(f"{directory}: expected a generated package (a directory with api/ or models/)")
    return candidates[0]


def _signature(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    prefix = "async def" if isinstance(node, ast.AsyncFunctionDef) else "def"
    returns = f" -> {ast.unparse(node.returns)}" if node.returns else ""
    return f"{prefix} {node.name}({ast.unparse(node.args)}){returns}"


def _class_fields(node: ast.ClassDef) -> dict[str, str]:
    fields = {}
    for statement in node.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            name = statement.target.id
            # A default makes the field optional in the constructor: part of the surface.
            default = " = ..." if statement.value is not None else ""
            fields[name] = ast.unparse(statement.annotation) + default
        elif (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and not statement.targets[0].id.startswith("_")
        ):
            fields[statement.targets[0].id] = "= " + ast.unparse(statement.value)  # enum members
    return fields


def read_surface(package: Path) -> Surface:
    surface = Surface(set(), {}, {})
    for path in sorted(package.rglob("*.py")):
        module = ".".join(path.relative_to(package).with_suffix("").parts)
        surface.modules.add(module)
        try:
            tree = ast.parse(path.read_text(), filename=str(path))
        except SyntaxError as error:
            raise ValueError(f"{path}: {error}") from error
        for node in tree.body:
            if not isinstance(
                node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
            ) or node.name.startswith("_"):
                continue
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                surface.functions[f"{module}.{node.name}"] = _signature(node)
            elif isinstance(node, ast.ClassDef):
                surface.classes[f"{module}.{node.name}"] = _class_fields(node)
    return surface


def _keyed(kind: str, old: dict[str, str], new: dict[str, str]) -> list[SurfaceChange]:
    changes = [SurfaceChange(f"{kind}-removed", name, old[name], None) for name in old.keys() - new.keys()]
    changes += [SurfaceChange(f"{kind}-added", name, None, new[name]) for name in new.keys() - old.keys()]
    changes += [
        SurfaceChange(f"{kind}-changed", name, old[name], new[name])
        for name in old.keys() & new.keys()
        if old[name] != new[name]
    ]
    return changes


def diff_surfaces(old: Surface, new: Surface) -> list[SurfaceChange]:
    changes = [SurfaceChange("module-removed", name, name, None) for name in old.modules - new.modules]
    changes += [SurfaceChange("module-added", name, None, name) for name in new.modules - old.modules]
    changes += _keyed("function", old.functions, new.functions)
    changes += [
        SurfaceChange("class-removed", name, "class", None)
        for name in old.classes.keys() - new.classes.keys()
    ]
    changes += [
        SurfaceChange("class-added", name, None, "class") for name in new.classes.keys() - old.classes.keys()
    ]
    for name in old.classes.keys() & new.classes.keys():
        for change in _keyed("field", old.classes[name], new.classes[name]):
            changes.append(SurfaceChange(change.kind, f"{name}.{change.name}", change.old, change.new))
    return sorted(changes, key=lambda c: (not c.breaking, c.kind, c.name))


def render(changes: list[SurfaceChange], output_format: str) -> str:
    if output_format == "json":
        return json.dumps([{**asdict(c), "breaking": c.breaking} for c in changes], indent=2) + "\n"
    breaking = sum(change.breaking for change in changes)
    headline = f"{breaking} breaking, {len(changes) - breaking} additive surface change(s)"
    if output_format == "markdown":
        lines = [f"**{headline}**", "", "| change | name | old | new |", "|---|---|---|---|"]
        lines += [
            f"| {c.kind} | `{c.name}` | {c.old or '-'} | {c.new or '-'} |".replace("\n", " ") for c in changes
        ]
        return "\n".join(lines) + "\n"
    lines = [headline]
    for change in changes:
        detail = (
            f"{change.old} -> {change.new}"
            if change.kind.endswith("-changed")
            else (change.new or change.old)
        )
        lines.append(
            f"  {'BREAKING ' if change.breaking else 'additive '} {change.kind:<16} {change.name}: {detail}"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts surface", description=(__doc__ or "").split("\n\n")[0]
    )
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument("--fail-on-breaking", action="store_true")
    args = parser.parse_args(argv)
    try:
        changes = diff_surfaces(read_surface(find_package(args.old)), read_surface(find_package(args.new)))
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(render(changes, args.format))
    return 1 if args.fail_on_breaking and any(change.breaking for change in changes) else 0
