from enum import StrEnum


class ChannelIntegrationMessageEggMessageDirection(StrEnum):
    INCOMING = "INCOMING"
    OUTGOING = "OUTGOING"

    def __str__(self) -> str:
        return str(self.value)
