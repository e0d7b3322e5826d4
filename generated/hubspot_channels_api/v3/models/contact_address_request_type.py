from enum import StrEnum


class ContactAddressRequestType(StrEnum):
    HOME = "HOME"
    WORK = "WORK"

    def __str__(self) -> str:
        return str(self.value)
