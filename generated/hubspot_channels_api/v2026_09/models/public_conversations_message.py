from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicConversationsMessage")


@_attrs_define
class PublicConversationsMessage:
    """
    Attributes:
        archived (bool):
        attachments (list[PublicContact | PublicFile | PublicLocation | PublicMessageHeader | PublicQuickReplies |
            PublicSocialMetadataAttachment | PublicUnsupportedContent | PublicWhatsAppTemplateMetadata |
            UnrecognizedVariant]):
        channel_account_id (str):
        channel_id (str):
        client (PublicClient):
        conversations_thread_id (str):
        created_at (datetime.datetime):
        created_by (str):
        direction (str):
        id (str):
        recipients (list[PublicRecipient]):
        senders (list[PublicSender]):
        text (str):
        truncation_status (str):
        type_ (str):
        in_reply_to_id (str | Unset):
        rich_text (str | Unset):
        status (PublicMessageStatus | Unset):
        subject (str | Unset):
        updated_at (datetime.datetime | Unset):
    """

    archived: bool
    attachments: list[
        PublicContact
        | PublicFile
        | PublicLocation
        | PublicMessageHeader
        | PublicQuickReplies
        | PublicSocialMetadataAttachment
        | PublicUnsupportedContent
        | PublicWhatsAppTemplateMetadata
        | UnrecognizedVariant
    ]
    channel_account_id: str
    channel_id: str
    client: PublicClient
    conversations_thread_id: str
    created_at: datetime.datetime
    created_by: str
    direction: str
    id: str
    recipients: list[PublicRecipient]
    senders: list[PublicSender]
    text: str
    truncation_status: str
    type_: str
    in_reply_to_id: str | Unset = UNSET
    rich_text: str | Unset = UNSET
    status: PublicMessageStatus | Unset = UNSET
    subject: str | Unset = UNSET
    updated_at: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        archived = self.archived

        attachments = []
        for attachments_item_data in self.attachments:
            attachments_item: dict[str, Any]
            if isinstance(attachments_item_data, PublicFile):
                attachments_item = attachments_item_data.to_dict()
            elif isinstance(attachments_item_data, PublicLocation):
                attachments_item = attachments_item_data.to_dict()
            elif isinstance(attachments_item_data, PublicContact):
                attachments_item = attachments_item_data.to_dict()
            elif isinstance(attachments_item_data, PublicUnsupportedContent):
                attachments_item = attachments_item_data.to_dict()
            elif isinstance(attachments_item_data, PublicMessageHeader):
                attachments_item = attachments_item_data.to_dict()
            elif isinstance(attachments_item_data, PublicQuickReplies):
                attachments_item = attachments_item_data.to_dict()
            elif isinstance(attachments_item_data, PublicWhatsAppTemplateMetadata):
                attachments_item = attachments_item_data.to_dict()
            elif isinstance(attachments_item_data, PublicSocialMetadataAttachment):
                attachments_item = attachments_item_data.to_dict()
            else:
                attachments_item = attachments_item_data.to_dict()

            attachments.append(attachments_item)

        channel_account_id = self.channel_account_id

        channel_id = self.channel_id

        client = self.client.to_dict()

        conversations_thread_id = self.conversations_thread_id

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        direction = self.direction

        id = self.id

        recipients = []
        for recipients_item_data in self.recipients:
            recipients_item = recipients_item_data.to_dict()
            recipients.append(recipients_item)

        senders = []
        for senders_item_data in self.senders:
            senders_item = senders_item_data.to_dict()
            senders.append(senders_item)

        text = self.text

        truncation_status = self.truncation_status

        type_ = self.type_

        in_reply_to_id = self.in_reply_to_id

        rich_text = self.rich_text

        status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.to_dict()

        subject = self.subject

        updated_at: str | Unset = UNSET
        if not isinstance(self.updated_at, Unset):
            updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "archived": archived,
                "attachments": attachments,
                "channelAccountId": channel_account_id,
                "channelId": channel_id,
                "client": client,
                "conversationsThreadId": conversations_thread_id,
                "createdAt": created_at,
                "createdBy": created_by,
                "direction": direction,
                "id": id,
                "recipients": recipients,
                "senders": senders,
                "text": text,
                "truncationStatus": truncation_status,
                "type": type_,
            }
        )
        if in_reply_to_id is not UNSET:
            field_dict["inReplyToId"] = in_reply_to_id
        if rich_text is not UNSET:
            field_dict["richText"] = rich_text
        if status is not UNSET:
            field_dict["status"] = status
        if subject is not UNSET:
            field_dict["subject"] = subject
        if updated_at is not UNSET:
            field_dict["updatedAt"] = updated_at

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        archived = d.pop("archived")

        attachments = []
        _attachments = d.pop("attachments")
        for attachments_item_data in _attachments:

            def _parse_attachments_item(
                data: object,
            ) -> (
                PublicContact
                | PublicFile
                | PublicLocation
                | PublicMessageHeader
                | PublicQuickReplies
                | PublicSocialMetadataAttachment
                | PublicUnsupportedContent
                | PublicWhatsAppTemplateMetadata
                | UnrecognizedVariant
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_0 = PublicFile.from_dict(data)

                    return attachments_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_1 = PublicLocation.from_dict(data)

                    return attachments_item_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_2 = PublicContact.from_dict(data)

                    return attachments_item_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_3 = PublicUnsupportedContent.from_dict(data)

                    return attachments_item_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_4 = PublicMessageHeader.from_dict(data)

                    return attachments_item_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_5 = PublicQuickReplies.from_dict(data)

                    return attachments_item_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_6 = PublicWhatsAppTemplateMetadata.from_dict(
                        data
                    )

                    return attachments_item_type_6
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_7 = PublicSocialMetadataAttachment.from_dict(
                        data
                    )

                    return attachments_item_type_7
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                attachments_item_type_8 = UnrecognizedVariant.from_dict(data)

                return attachments_item_type_8

            attachments_item = _parse_attachments_item(attachments_item_data)

            attachments.append(attachments_item)

        channel_account_id = d.pop("channelAccountId")

        channel_id = d.pop("channelId")

        client = PublicClient.from_dict(d.pop("client"))

        conversations_thread_id = d.pop("conversationsThreadId")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        created_by = d.pop("createdBy")

        direction = d.pop("direction")

        id = d.pop("id")

        recipients = []
        _recipients = d.pop("recipients")
        for recipients_item_data in _recipients:
            recipients_item = PublicRecipient.from_dict(recipients_item_data)

            recipients.append(recipients_item)

        senders = []
        _senders = d.pop("senders")
        for senders_item_data in _senders:
            senders_item = PublicSender.from_dict(senders_item_data)

            senders.append(senders_item)

        text = d.pop("text")

        truncation_status = d.pop("truncationStatus")

        type_ = d.pop("type")

        in_reply_to_id = d.pop("inReplyToId", UNSET)

        rich_text = d.pop("richText", UNSET)

        _status = d.pop("status", UNSET)
        status: PublicMessageStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = PublicMessageStatus.from_dict(_status)

        subject = d.pop("subject", UNSET)

        _updated_at = d.pop("updatedAt", UNSET)
        updated_at: datetime.datetime | Unset
        if isinstance(_updated_at, Unset):
            updated_at = UNSET
        else:
            updated_at = datetime.datetime.fromisoformat(_updated_at)

        public_conversations_message = cls(
            archived=archived,
            attachments=attachments,
            channel_account_id=channel_account_id,
            channel_id=channel_id,
            client=client,
            conversations_thread_id=conversations_thread_id,
            created_at=created_at,
            created_by=created_by,
            direction=direction,
            id=id,
            recipients=recipients,
            senders=senders,
            text=text,
            truncation_status=truncation_status,
            type_=type_,
            in_reply_to_id=in_reply_to_id,
            rich_text=rich_text,
            status=status,
            subject=subject,
            updated_at=updated_at,
        )

        public_conversations_message.additional_properties = d
        return public_conversations_message

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# Imported here, after the class: models that refer to each other import without a cycle error.
from ..models.public_client import PublicClient  # noqa: E402
from ..models.public_contact import PublicContact  # noqa: E402
from ..models.public_file import PublicFile  # noqa: E402
from ..models.public_location import PublicLocation  # noqa: E402
from ..models.public_message_header import PublicMessageHeader  # noqa: E402
from ..models.public_message_status import PublicMessageStatus  # noqa: E402
from ..models.public_quick_replies import PublicQuickReplies  # noqa: E402
from ..models.public_recipient import PublicRecipient  # noqa: E402
from ..models.public_sender import PublicSender  # noqa: E402
from ..models.public_social_metadata_attachment import PublicSocialMetadataAttachment  # noqa: E402
from ..models.public_unsupported_content import PublicUnsupportedContent  # noqa: E402
from ..models.public_whats_app_template_metadata import PublicWhatsAppTemplateMetadata  # noqa: E402
from ..models.unrecognized_variant import UnrecognizedVariant  # noqa: E402
