"""Rendering changes as plain text (terminal, CI log), Markdown (pull-request comment) or JSON."""

import json
from collections import Counter
from typing import Any

from ._model import Change
from ._rules import Level

_MAX_LIST_ITEMS = 8
_MAX_VALUE_CHARS = 160


def summary(changes: list[Change]) -> dict[str, int]:
    counts = Counter(change.level for change in changes)
    return {level.value: counts.get(level, 0) for level in Level}


def _short(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, list):
        shown = ", ".join(str(item) for item in value[:_MAX_LIST_ITEMS])
        more = len(value) - _MAX_LIST_ITEMS
        text = f"[{shown}{f', ... {more} more' if more > 0 else ''}]"
    else:
        text = json.dumps(value) if isinstance(value, dict) else str(value)
    return text if len(text) <= _MAX_VALUE_CHARS else text[: _MAX_VALUE_CHARS - 3] + "..."


def _operations(change: Change) -> str:
    return ", ".join(change.operations) if change.operations else "(document-wide)"


def _headline(changes: list[Change]) -> str:
    counts = summary(changes)
    return ", ".join(f"{counts[level.value]} {level.value}" for level in Level)


def render_text(changes: list[Change], old_label: str, new_label: str) -> str:
    lines = [f"API diff {old_label} -> {new_label}"]
    if not changes:
        return "\n".join([*lines, "no changes"]) + "\n"
    lines.append(_headline(changes))
    for level in Level:
        selected = [change for change in changes if change.level is level]
        if not selected:
            continue
        lines += ["", f"{level.value.upper()} ({len(selected)})"]
        if level is Level.COSMETIC:  # counted per rule: the details are in --format json
            for rule, count in sorted(Counter(change.rule for change in selected).items()):
                example = next(change for change in selected if change.rule == rule)
                lines.append(f"  [{rule}] {count} place(s), e.g. {example.pointer}")
            continue
        for change in selected:
            lines.append(f"  [{change.rule}] {change.detail}")
            lines.append(f"    at {change.pointer} ({change.document} document)")
            lines.append(f"    old: {_short(change.old)}  new: {_short(change.new)}")
            lines.append(f"    operations: {_operations(change)}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(changes: list[Change], old_label: str, new_label: str) -> str:
    lines = [f"### API diff `{old_label}` → `{new_label}`", ""]
    if not changes:
        return "\n".join([*lines, "No changes."]) + "\n"
    lines += [f"**{_headline(changes)}**", ""]
    for level in Level:
        selected = [change for change in changes if change.level is level]
        if not selected:
            continue
        # Cosmetic changes are folded: a pull-request comment should lead with what matters.
        fold = level is Level.COSMETIC
        lines += (
            [f"<details><summary>{level.value} ({len(selected)})</summary>", ""]
            if fold
            else [f"#### {level.value} ({len(selected)})", ""]
        )
        lines += ["| rule | change | where | old | new | operations |", "|---|---|---|---|---|---|"]
        for change in selected:
            cells = (
                f"`{change.rule}`",
                change.detail,
                f"`{change.pointer}`",
                _short(change.old),
                _short(change.new),
                _operations(change),
            )
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
        lines += ["", "</details>", ""] if fold else [""]
    return "\n".join(lines)


def render_json(changes: list[Change], old_label: str, new_label: str) -> str:
    report = {
        "old": old_label,
        "new": new_label,
        "summary": summary(changes),
        "changes": [change.as_json() for change in changes],
    }
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": render_text, "markdown": render_markdown, "json": render_json}
