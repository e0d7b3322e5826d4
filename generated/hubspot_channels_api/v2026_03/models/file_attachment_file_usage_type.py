from enum import StrEnum


class FileAttachmentFileUsageType(StrEnum):
    AUDIO = "AUDIO"
    IMAGE = "IMAGE"
    OTHER = "OTHER"
    STICKER = "STICKER"
    VOICE_RECORDING = "VOICE_RECORDING"

    def __str__(self) -> str:
        return str(self.value)
