from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.channel_integration_message_egg_message_direction import (
    ChannelIntegrationMessageEggMessageDirection,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="ChannelIntegrationMessageEgg")


@_attrs_define
class ChannelIntegrationMessageEgg:
    """
    Attributes:
        attachments (list[ContactAttachment | FileAttachment | LocationAttachment | MessageHeaderAttachment |
            QuickRepliesAttachment | SocialMetadataIntegrationAttachment | UnsupportedContentAttachment]):
        channel_account_id (str):
        message_direction (ChannelIntegrationMessageEggMessageDirection):
        recipients (list[ChannelIntegrationParticipant]):
        senders (list[ChannelIntegrationParticipant]):
        text (str):
        timestamp (datetime.datetime):
        associate_with_contact_id (int | Unset):
        in_reply_to_id (str | Unset):
        integration_idempotency_id (str | Unset):
        integration_thread_id (str | Unset):
        pre_resolved_contacts (PreResolvedContacts | Unset):
        rich_text (str | Unset):
    """

    attachments: list[
        ContactAttachment
        | FileAttachment
        | LocationAttachment
        | MessageHeaderAttachment
        | QuickRepliesAttachment
        | SocialMetadataIntegrationAttachment
        | UnsupportedContentAttachment
    ]
    channel_account_id: str
    message_direction: ChannelIntegrationMessageEggMessageDirection
    recipients: list[ChannelIntegrationParticipant]
    senders: list[ChannelIntegrationParticipant]
    text: str
    timestamp: datetime.datetime
    associate_with_contact_id: int | Unset = UNSET
    in_reply_to_id: str | Unset = UNSET
    integration_idempotency_id: str | Unset = UNSET
    integration_thread_id: str | Unset = UNSET
    pre_resolved_contacts: PreResolvedContacts | Unset = UNSET
    rich_text: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        attachments = []
        for attachments_item_data in self.attachments:
            attachments_item: dict[str, Any]
            if isinstance(attachments_item_data, FileAttachment):
                attachments_item = attachments_item_data.to_dict()
            elif isinstance(attachments_item_data, LocationAttachment):
                attachments_item = attachments_item_data.to_dict()
            elif isinstance(attachments_item_data, ContactAttachment):
                attachments_item = attachments_item_data.to_dict()
            elif isinstance(attachments_item_data, UnsupportedContentAttachment):
                attachments_item = attachments_item_data.to_dict()
            elif isinstance(attachments_item_data, MessageHeaderAttachment):
                attachments_item = attachments_item_data.to_dict()
            elif isinstance(attachments_item_data, QuickRepliesAttachment):
                attachments_item = attachments_item_data.to_dict()
            else:
                attachments_item = attachments_item_data.to_dict()

            attachments.append(attachments_item)

        channel_account_id = self.channel_account_id

        message_direction = self.message_direction.value

        recipients = []
        for recipients_item_data in self.recipients:
            recipients_item = recipients_item_data.to_dict()
            recipients.append(recipients_item)

        senders = []
        for senders_item_data in self.senders:
            senders_item = senders_item_data.to_dict()
            senders.append(senders_item)

        text = self.text

        timestamp = self.timestamp.isoformat()

        associate_with_contact_id = self.associate_with_contact_id

        in_reply_to_id = self.in_reply_to_id

        integration_idempotency_id = self.integration_idempotency_id

        integration_thread_id = self.integration_thread_id

        pre_resolved_contacts: dict[str, Any] | Unset = UNSET
        if not isinstance(self.pre_resolved_contacts, Unset):
            pre_resolved_contacts = self.pre_resolved_contacts.to_dict()

        rich_text = self.rich_text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "attachments": attachments,
                "channelAccountId": channel_account_id,
                "messageDirection": message_direction,
                "recipients": recipients,
                "senders": senders,
                "text": text,
                "timestamp": timestamp,
            }
        )
        if associate_with_contact_id is not UNSET:
            field_dict["associateWithContactId"] = associate_with_contact_id
        if in_reply_to_id is not UNSET:
            field_dict["inReplyToId"] = in_reply_to_id
        if integration_idempotency_id is not UNSET:
            field_dict["integrationIdempotencyId"] = integration_idempotency_id
        if integration_thread_id is not UNSET:
            field_dict["integrationThreadId"] = integration_thread_id
        if pre_resolved_contacts is not UNSET:
            field_dict["preResolvedContacts"] = pre_resolved_contacts
        if rich_text is not UNSET:
            field_dict["richText"] = rich_text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        attachments = []
        _attachments = d.pop("attachments")
        for attachments_item_data in _attachments:

            def _parse_attachments_item(
                data: object,
            ) -> (
                ContactAttachment
                | FileAttachment
                | LocationAttachment
                | MessageHeaderAttachment
                | QuickRepliesAttachment
                | SocialMetadataIntegrationAttachment
                | UnsupportedContentAttachment
            ):
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_0 = FileAttachment.from_dict(data)

                    return attachments_item_type_0
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_1 = LocationAttachment.from_dict(data)

                    return attachments_item_type_1
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_2 = ContactAttachment.from_dict(data)

                    return attachments_item_type_2
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_3 = UnsupportedContentAttachment.from_dict(
                        data
                    )

                    return attachments_item_type_3
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_4 = MessageHeaderAttachment.from_dict(data)

                    return attachments_item_type_4
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                try:
                    if not isinstance(data, dict):
                        raise TypeError()
                    attachments_item_type_5 = QuickRepliesAttachment.from_dict(data)

                    return attachments_item_type_5
                except (TypeError, ValueError, AttributeError, KeyError):
                    pass
                if not isinstance(data, dict):
                    raise TypeError()
                attachments_item_type_6 = SocialMetadataIntegrationAttachment.from_dict(
                    data
                )

                return attachments_item_type_6

            attachments_item = _parse_attachments_item(attachments_item_data)

            attachments.append(attachments_item)

        channel_account_id = d.pop("channelAccountId")

        message_direction = ChannelIntegrationMessageEggMessageDirection(
            d.pop("messageDirection")
        )

        recipients = []
        _recipients = d.pop("recipients")
        for recipients_item_data in _recipients:
            recipients_item = ChannelIntegrationParticipant.from_dict(
                recipients_item_data
            )

            recipients.append(recipients_item)

        senders = []
        _senders = d.pop("senders")
        for senders_item_data in _senders:
            senders_item = ChannelIntegrationParticipant.from_dict(senders_item_data)

            senders.append(senders_item)

        text = d.pop("text")

        timestamp = datetime.datetime.fromisoformat(d.pop("timestamp"))

        associate_with_contact_id = d.pop("associateWithContactId", UNSET)

        in_reply_to_id = d.pop("inReplyToId", UNSET)

        integration_idempotency_id = d.pop("integrationIdempotencyId", UNSET)

        integration_thread_id = d.pop("integrationThreadId", UNSET)

        _pre_resolved_contacts = d.pop("preResolvedContacts", UNSET)
        pre_resolved_contacts: PreResolvedContacts | Unset
        if isinstance(_pre_resolved_contacts, Unset):
            pre_resolved_contacts = UNSET
        else:
            pre_resolved_contacts = PreResolvedContacts.from_dict(
                _pre_resolved_contacts
            )

        rich_text = d.pop("richText", UNSET)

        channel_integration_message_egg = cls(
            attachments=attachments,
            channel_account_id=channel_account_id,
            message_direction=message_direction,
            recipients=recipients,
            senders=senders,
            text=text,
            timestamp=timestamp,
            associate_with_contact_id=associate_with_contact_id,
            in_reply_to_id=in_reply_to_id,
            integration_idempotency_id=integration_idempotency_id,
            integration_thread_id=integration_thread_id,
            pre_resolved_contacts=pre_resolved_contacts,
            rich_text=rich_text,
        )

        channel_integration_message_egg.additional_properties = d
        return channel_integration_message_egg

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
from ..models.channel_integration_participant import ChannelIntegrationParticipant  # noqa: E402
from ..models.contact_attachment import ContactAttachment  # noqa: E402
from ..models.file_attachment import FileAttachment  # noqa: E402
from ..models.location_attachment import LocationAttachment  # noqa: E402
from ..models.message_header_attachment import MessageHeaderAttachment  # noqa: E402
from ..models.pre_resolved_contacts import PreResolvedContacts  # noqa: E402
from ..models.quick_replies_attachment import QuickRepliesAttachment  # noqa: E402
from ..models.social_metadata_integration_attachment import (
    SocialMetadataIntegrationAttachment,  # noqa: E402
)
from ..models.unsupported_content_attachment import UnsupportedContentAttachment  # noqa: E402
