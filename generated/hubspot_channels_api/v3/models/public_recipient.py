from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicRecipient")


@_attrs_define
class PublicRecipient:
    """
    Attributes:
        delivery_identifier (PublicDeliveryIdentifier):
        actor_id (str | Unset):
        name (str | Unset):
        recipient_field (str | Unset):
    """

    delivery_identifier: PublicDeliveryIdentifier
    actor_id: str | Unset = UNSET
    name: str | Unset = UNSET
    recipient_field: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        delivery_identifier = self.delivery_identifier.to_dict()

        actor_id = self.actor_id

        name = self.name

        recipient_field = self.recipient_field

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deliveryIdentifier": delivery_identifier,
            }
        )
        if actor_id is not UNSET:
            field_dict["actorId"] = actor_id
        if name is not UNSET:
            field_dict["name"] = name
        if recipient_field is not UNSET:
            field_dict["recipientField"] = recipient_field

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        delivery_identifier = PublicDeliveryIdentifier.from_dict(
            d.pop("deliveryIdentifier")
        )

        actor_id = d.pop("actorId", UNSET)

        name = d.pop("name", UNSET)

        recipient_field = d.pop("recipientField", UNSET)

        public_recipient = cls(
            delivery_identifier=delivery_identifier,
            actor_id=actor_id,
            name=name,
            recipient_field=recipient_field,
        )

        public_recipient.additional_properties = d
        return public_recipient

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
