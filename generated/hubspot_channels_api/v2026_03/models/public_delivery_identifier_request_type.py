from enum import StrEnum


class PublicDeliveryIdentifierRequestType(StrEnum):
    CHANNEL_SPECIFIC_OPAQUE_ID = "CHANNEL_SPECIFIC_OPAQUE_ID"
    HS_EMAIL_ADDRESS = "HS_EMAIL_ADDRESS"
    HS_PHONE_NUMBER = "HS_PHONE_NUMBER"
    HS_SHORT_CODE = "HS_SHORT_CODE"

    def __str__(self) -> str:
        return str(self.value)
