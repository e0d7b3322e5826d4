from enum import StrEnum


class ContactPhoneRequestType(StrEnum):
    CELL = "CELL"
    HOME = "HOME"
    MAIN = "MAIN"
    WORK = "WORK"

    def __str__(self) -> str:
        return str(self.value)
