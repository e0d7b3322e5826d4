from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicChannelAccount")


@_attrs_define
class PublicChannelAccount:
    """
    Attributes:
        active (bool):
        archived (bool):
        authorized (bool):
        channel_id (str):
        created_at (datetime.datetime):
        id (str):
        inbox_id (str):
        name (str):
        archived_at (datetime.datetime | Unset):
        delivery_identifier (PublicDeliveryIdentifier | Unset):
    """

    active: bool
    archived: bool
    authorized: bool
    channel_id: str
    created_at: datetime.datetime
    id: str
    inbox_id: str
    name: str
    archived_at: datetime.datetime | Unset = UNSET
    delivery_identifier: PublicDeliveryIdentifier | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        active = self.active

        archived = self.archived

        authorized = self.authorized

        channel_id = self.channel_id

        created_at = self.created_at.isoformat()

        id = self.id

        inbox_id = self.inbox_id

        name = self.name

        archived_at: str | Unset = UNSET
        if not isinstance(self.archived_at, Unset):
            archived_at = self.archived_at.isoformat()

        delivery_identifier: dict[str, Any] | Unset = UNSET
        if not isinstance(self.delivery_identifier, Unset):
            delivery_identifier = self.delivery_identifier.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "active": active,
                "archived": archived,
                "authorized": authorized,
                "channelId": channel_id,
                "createdAt": created_at,
                "id": id,
                "inboxId": inbox_id,
                "name": name,
            }
        )
        if archived_at is not UNSET:
            field_dict["archivedAt"] = archived_at
        if delivery_identifier is not UNSET:
            field_dict["deliveryIdentifier"] = delivery_identifier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        active = d.pop("active")

        archived = d.pop("archived")

        authorized = d.pop("authorized")

        channel_id = d.pop("channelId")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        id = d.pop("id")

        inbox_id = d.pop("inboxId")

        name = d.pop("name")

        _archived_at = d.pop("archivedAt", UNSET)
        archived_at: datetime.datetime | Unset
        if isinstance(_archived_at, Unset):
            archived_at = UNSET
        else:
            archived_at = datetime.datetime.fromisoformat(_archived_at)

        _delivery_identifier = d.pop("deliveryIdentifier", UNSET)
        delivery_identifier: PublicDeliveryIdentifier | Unset
        if isinstance(_delivery_identifier, Unset):
            delivery_identifier = UNSET
        else:
            delivery_identifier = PublicDeliveryIdentifier.from_dict(
                _delivery_identifier
            )

        public_channel_account = cls(
            active=active,
            archived=archived,
            authorized=authorized,
            channel_id=channel_id,
            created_at=created_at,
            id=id,
            inbox_id=inbox_id,
            name=name,
            archived_at=archived_at,
            delivery_identifier=delivery_identifier,
        )

        public_channel_account.additional_properties = d
        return public_channel_account

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
from ..models.public_delivery_identifier import PublicDeliveryIdentifier  # noqa: E402
