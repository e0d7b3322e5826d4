"""Where a change is reported: the pointer convention that makes a diff and its reverse name one place.

A keyword only the old schema has is reported in the old document, one only the new schema has in the new
document, and one both have at `place(old, new)`.
"""

from collections.abc import Callable
from typing import Any

from ._load import join
from ._model import Document, Finding

RuleNamer = Callable[..., str]
Schema = dict[str, Any]


def key_if(schema: Schema, key: str) -> str | None:
    return key if key in schema else None


def place(old_ptr: str, new_ptr: str) -> tuple[Document, str]:
    """Where a change to something both documents have is reported: the new document's pointer when both
    are the same place, else the shorter (then lexicographically first) one, so that diff(a, b) and
    diff(b, a) name one place even across a version bump or a schema wrapped into a oneOf."""
    if (len(new_ptr), new_ptr) <= (len(old_ptr), old_ptr):
        return "new", new_ptr
    return "old", old_ptr


class Where:
    """The pointers of the schema pair being compared."""

    def __init__(self, old_ptr: str, new_ptr: str) -> None:
        self.old_ptr, self.new_ptr = old_ptr, new_ptr

    def at(self, old_key: str | None, new_key: str | None) -> tuple[Document, str]:
        if old_key is None:
            return "new", join(self.new_ptr, new_key or "")
        if new_key is None:
            return "old", join(self.old_ptr, old_key)
        return place(join(self.old_ptr, old_key), join(self.new_ptr, new_key))

    def finding(
        self, rule: str, old_key: str | None, new_key: str | None, old: Any, new: Any, detail: str
    ) -> Finding:
        document, pointer = self.at(old_key, new_key)
        return Finding(rule, document, pointer, old, new, detail)


def _key_if(schema: Schema, key: str) -> str | None:
    return key if key in schema else None
