from enum import StrEnum


class SocialMetadataRequestMediaType(StrEnum):
    ARTICLE = "ARTICLE"
    AUDIO = "AUDIO"
    CAROUSEL = "CAROUSEL"
    DOCUMENT = "DOCUMENT"
    GIF = "GIF"
    LINK = "LINK"
    NONE = "NONE"
    PHOTO = "PHOTO"
    POLL = "POLL"
    STORY = "STORY"
    VIDEO = "VIDEO"

    def __str__(self) -> str:
        return str(self.value)
