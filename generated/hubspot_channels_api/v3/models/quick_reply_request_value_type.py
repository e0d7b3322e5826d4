from enum import StrEnum


class QuickReplyRequestValueType(StrEnum):
    TEXT = "TEXT"
    URL = "URL"

    def __str__(self) -> str:
        return str(self.value)
