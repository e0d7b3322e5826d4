"""Contains all the data models used in inputs/outputs.

Loaded lazily (PEP 562): importing this package, or one model, does not import the other models. Written by
openapi/templates/models_init.py.jinja (this project's template, replacing the generator's eager one).
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .channel_integration_message_egg import ChannelIntegrationMessageEgg
    from .channel_integration_message_egg_message_direction import (
        ChannelIntegrationMessageEggMessageDirection,
    )
    from .channel_integration_participant import ChannelIntegrationParticipant
    from .collection_response_with_total_public_channel_account import (
        CollectionResponseWithTotalPublicChannelAccount,
    )
    from .collection_response_with_total_public_channel_integration_channel import (
        CollectionResponseWithTotalPublicChannelIntegrationChannel,
    )
    from .contact_address import ContactAddress
    from .contact_address_request import ContactAddressRequest
    from .contact_address_request_type import ContactAddressRequestType
    from .contact_attachment import ContactAttachment
    from .contact_email import ContactEmail
    from .contact_email_request import ContactEmailRequest
    from .contact_email_request_type import ContactEmailRequestType
    from .contact_name import ContactName
    from .contact_org import ContactOrg
    from .contact_phone import ContactPhone
    from .contact_phone_request import ContactPhoneRequest
    from .contact_phone_request_type import ContactPhoneRequestType
    from .contact_profile import ContactProfile
    from .contact_profile_request import ContactProfileRequest
    from .contact_url import ContactUrl
    from .contact_url_request import ContactUrlRequest
    from .contact_url_request_type import ContactUrlRequestType
    from .error import Error
    from .error_context import ErrorContext
    from .error_detail import ErrorDetail
    from .error_detail_context import ErrorDetailContext
    from .error_links import ErrorLinks
    from .file_attachment import FileAttachment
    from .file_attachment_file_usage_type import FileAttachmentFileUsageType
    from .list_channel_accounts_delivery_identifier_type_item import (
        ListChannelAccountsDeliveryIdentifierTypeItem,
    )
    from .location_attachment import LocationAttachment
    from .message_header_attachment import MessageHeaderAttachment
    from .next_page import NextPage
    from .paging import Paging
    from .pre_resolved_contact import PreResolvedContact
    from .pre_resolved_contacts import PreResolvedContacts
    from .previous_page import PreviousPage
    from .public_channel_account import PublicChannelAccount
    from .public_channel_account_egg import PublicChannelAccountEgg
    from .public_channel_account_staging_token import PublicChannelAccountStagingToken
    from .public_channel_account_staging_token_update_request import (
        PublicChannelAccountStagingTokenUpdateRequest,
    )
    from .public_channel_account_update_request import PublicChannelAccountUpdateRequest
    from .public_channel_integration_channel import PublicChannelIntegrationChannel
    from .public_channel_integration_channel_capabilities import (
        PublicChannelIntegrationChannelCapabilities,
    )
    from .public_channel_integration_channel_create import (
        PublicChannelIntegrationChannelCreate,
    )
    from .public_channel_integration_channel_create_capabilities import (
        PublicChannelIntegrationChannelCreateCapabilities,
    )
    from .public_channel_integration_channel_patch import (
        PublicChannelIntegrationChannelPatch,
    )
    from .public_channel_integration_channel_patch_capabilities import (
        PublicChannelIntegrationChannelPatchCapabilities,
    )
    from .public_channel_integration_message_update_request import (
        PublicChannelIntegrationMessageUpdateRequest,
    )
    from .public_channel_integration_message_update_request_status_type import (
        PublicChannelIntegrationMessageUpdateRequestStatusType,
    )
    from .public_client import PublicClient
    from .public_contact import PublicContact
    from .public_conversations_message import PublicConversationsMessage
    from .public_delivery_identifier import PublicDeliveryIdentifier
    from .public_delivery_identifier_request import PublicDeliveryIdentifierRequest
    from .public_delivery_identifier_request_type import (
        PublicDeliveryIdentifierRequestType,
    )
    from .public_file import PublicFile
    from .public_location import PublicLocation
    from .public_message_failure_details import PublicMessageFailureDetails
    from .public_message_failure_details_error_message_tokens import (
        PublicMessageFailureDetailsErrorMessageTokens,
    )
    from .public_message_header import PublicMessageHeader
    from .public_message_status import PublicMessageStatus
    from .public_quick_replies import PublicQuickReplies
    from .public_recipient import PublicRecipient
    from .public_sender import PublicSender
    from .public_social_metadata_attachment import PublicSocialMetadataAttachment
    from .public_unsupported_content import PublicUnsupportedContent
    from .public_whats_app_template_metadata import PublicWhatsAppTemplateMetadata
    from .public_whats_app_template_metadata_crm_object_ids import (
        PublicWhatsAppTemplateMetadataCrmObjectIds,
    )
    from .public_whats_app_template_metadata_parameters import (
        PublicWhatsAppTemplateMetadataParameters,
    )
    from .quick_replies_attachment import QuickRepliesAttachment
    from .quick_reply import QuickReply
    from .quick_reply_request import QuickReplyRequest
    from .quick_reply_request_value_type import QuickReplyRequestValueType
    from .social_metadata import SocialMetadata
    from .social_metadata_integration_attachment import (
        SocialMetadataIntegrationAttachment,
    )
    from .social_metadata_request import SocialMetadataRequest
    from .social_metadata_request_media_type import SocialMetadataRequestMediaType
    from .unrecognized_variant import UnrecognizedVariant
    from .unsupported_content_attachment import UnsupportedContentAttachment

# class name -> the module under models/ that defines it
_MODULES = {
    "ChannelIntegrationMessageEgg": ".channel_integration_message_egg",
    "ChannelIntegrationMessageEggMessageDirection": ".channel_integration_message_egg_message_direction",
    "ChannelIntegrationParticipant": ".channel_integration_participant",
    "CollectionResponseWithTotalPublicChannelAccount": ".collection_response_with_total_public_channel_account",
    "CollectionResponseWithTotalPublicChannelIntegrationChannel": ".collection_response_with_total_public_channel_integration_channel",
    "ContactAddress": ".contact_address",
    "ContactAddressRequest": ".contact_address_request",
    "ContactAddressRequestType": ".contact_address_request_type",
    "ContactAttachment": ".contact_attachment",
    "ContactEmail": ".contact_email",
    "ContactEmailRequest": ".contact_email_request",
    "ContactEmailRequestType": ".contact_email_request_type",
    "ContactName": ".contact_name",
    "ContactOrg": ".contact_org",
    "ContactPhone": ".contact_phone",
    "ContactPhoneRequest": ".contact_phone_request",
    "ContactPhoneRequestType": ".contact_phone_request_type",
    "ContactProfile": ".contact_profile",
    "ContactProfileRequest": ".contact_profile_request",
    "ContactUrl": ".contact_url",
    "ContactUrlRequest": ".contact_url_request",
    "ContactUrlRequestType": ".contact_url_request_type",
    "Error": ".error",
    "ErrorContext": ".error_context",
    "ErrorDetail": ".error_detail",
    "ErrorDetailContext": ".error_detail_context",
    "ErrorLinks": ".error_links",
    "FileAttachment": ".file_attachment",
    "FileAttachmentFileUsageType": ".file_attachment_file_usage_type",
    "ListChannelAccountsDeliveryIdentifierTypeItem": ".list_channel_accounts_delivery_identifier_type_item",
    "LocationAttachment": ".location_attachment",
    "MessageHeaderAttachment": ".message_header_attachment",
    "NextPage": ".next_page",
    "Paging": ".paging",
    "PreResolvedContact": ".pre_resolved_contact",
    "PreResolvedContacts": ".pre_resolved_contacts",
    "PreviousPage": ".previous_page",
    "PublicChannelAccount": ".public_channel_account",
    "PublicChannelAccountEgg": ".public_channel_account_egg",
    "PublicChannelAccountStagingToken": ".public_channel_account_staging_token",
    "PublicChannelAccountStagingTokenUpdateRequest": ".public_channel_account_staging_token_update_request",
    "PublicChannelAccountUpdateRequest": ".public_channel_account_update_request",
    "PublicChannelIntegrationChannel": ".public_channel_integration_channel",
    "PublicChannelIntegrationChannelCapabilities": ".public_channel_integration_channel_capabilities",
    "PublicChannelIntegrationChannelCreate": ".public_channel_integration_channel_create",
    "PublicChannelIntegrationChannelCreateCapabilities": ".public_channel_integration_channel_create_capabilities",
    "PublicChannelIntegrationChannelPatch": ".public_channel_integration_channel_patch",
    "PublicChannelIntegrationChannelPatchCapabilities": ".public_channel_integration_channel_patch_capabilities",
    "PublicChannelIntegrationMessageUpdateRequest": ".public_channel_integration_message_update_request",
    "PublicChannelIntegrationMessageUpdateRequestStatusType": ".public_channel_integration_message_update_request_status_type",
    "PublicClient": ".public_client",
    "PublicContact": ".public_contact",
    "PublicConversationsMessage": ".public_conversations_message",
    "PublicDeliveryIdentifier": ".public_delivery_identifier",
    "PublicDeliveryIdentifierRequest": ".public_delivery_identifier_request",
    "PublicDeliveryIdentifierRequestType": ".public_delivery_identifier_request_type",
    "PublicFile": ".public_file",
    "PublicLocation": ".public_location",
    "PublicMessageFailureDetails": ".public_message_failure_details",
    "PublicMessageFailureDetailsErrorMessageTokens": ".public_message_failure_details_error_message_tokens",
    "PublicMessageHeader": ".public_message_header",
    "PublicMessageStatus": ".public_message_status",
    "PublicQuickReplies": ".public_quick_replies",
    "PublicRecipient": ".public_recipient",
    "PublicSender": ".public_sender",
    "PublicSocialMetadataAttachment": ".public_social_metadata_attachment",
    "PublicUnsupportedContent": ".public_unsupported_content",
    "PublicWhatsAppTemplateMetadata": ".public_whats_app_template_metadata",
    "PublicWhatsAppTemplateMetadataCrmObjectIds": ".public_whats_app_template_metadata_crm_object_ids",
    "PublicWhatsAppTemplateMetadataParameters": ".public_whats_app_template_metadata_parameters",
    "QuickRepliesAttachment": ".quick_replies_attachment",
    "QuickReply": ".quick_reply",
    "QuickReplyRequest": ".quick_reply_request",
    "QuickReplyRequestValueType": ".quick_reply_request_value_type",
    "SocialMetadata": ".social_metadata",
    "SocialMetadataIntegrationAttachment": ".social_metadata_integration_attachment",
    "SocialMetadataRequest": ".social_metadata_request",
    "SocialMetadataRequestMediaType": ".social_metadata_request_media_type",
    "UnrecognizedVariant": ".unrecognized_variant",
    "UnsupportedContentAttachment": ".unsupported_content_attachment",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})


__all__ = (
    "ChannelIntegrationMessageEgg",
    "ChannelIntegrationMessageEggMessageDirection",
    "ChannelIntegrationParticipant",
    "CollectionResponseWithTotalPublicChannelAccount",
    "CollectionResponseWithTotalPublicChannelIntegrationChannel",
    "ContactAddress",
    "ContactAddressRequest",
    "ContactAddressRequestType",
    "ContactAttachment",
    "ContactEmail",
    "ContactEmailRequest",
    "ContactEmailRequestType",
    "ContactName",
    "ContactOrg",
    "ContactPhone",
    "ContactPhoneRequest",
    "ContactPhoneRequestType",
    "ContactProfile",
    "ContactProfileRequest",
    "ContactUrl",
    "ContactUrlRequest",
    "ContactUrlRequestType",
    "Error",
    "ErrorContext",
    "ErrorDetail",
    "ErrorDetailContext",
    "ErrorLinks",
    "FileAttachment",
    "FileAttachmentFileUsageType",
    "ListChannelAccountsDeliveryIdentifierTypeItem",
    "LocationAttachment",
    "MessageHeaderAttachment",
    "NextPage",
    "Paging",
    "PreResolvedContact",
    "PreResolvedContacts",
    "PreviousPage",
    "PublicChannelAccount",
    "PublicChannelAccountEgg",
    "PublicChannelAccountStagingToken",
    "PublicChannelAccountStagingTokenUpdateRequest",
    "PublicChannelAccountUpdateRequest",
    "PublicChannelIntegrationChannel",
    "PublicChannelIntegrationChannelCapabilities",
    "PublicChannelIntegrationChannelCreate",
    "PublicChannelIntegrationChannelCreateCapabilities",
    "PublicChannelIntegrationChannelPatch",
    "PublicChannelIntegrationChannelPatchCapabilities",
    "PublicChannelIntegrationMessageUpdateRequest",
    "PublicChannelIntegrationMessageUpdateRequestStatusType",
    "PublicClient",
    "PublicContact",
    "PublicConversationsMessage",
    "PublicDeliveryIdentifier",
    "PublicDeliveryIdentifierRequest",
    "PublicDeliveryIdentifierRequestType",
    "PublicFile",
    "PublicLocation",
    "PublicMessageFailureDetails",
    "PublicMessageFailureDetailsErrorMessageTokens",
    "PublicMessageHeader",
    "PublicMessageStatus",
    "PublicQuickReplies",
    "PublicRecipient",
    "PublicSender",
    "PublicSocialMetadataAttachment",
    "PublicUnsupportedContent",
    "PublicWhatsAppTemplateMetadata",
    "PublicWhatsAppTemplateMetadataCrmObjectIds",
    "PublicWhatsAppTemplateMetadataParameters",
    "QuickRepliesAttachment",
    "QuickReply",
    "QuickReplyRequest",
    "QuickReplyRequestValueType",
    "SocialMetadata",
    "SocialMetadataIntegrationAttachment",
    "SocialMetadataRequest",
    "SocialMetadataRequestMediaType",
    "UnrecognizedVariant",
    "UnsupportedContentAttachment",
)
