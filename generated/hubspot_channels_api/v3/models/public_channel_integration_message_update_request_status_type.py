from enum import StrEnum


class PublicChannelIntegrationMessageUpdateRequestStatusType(StrEnum):
    FAILED = "FAILED"
    READ = "READ"
    SENT = "SENT"

    def __str__(self) -> str:
        return str(self.value)
