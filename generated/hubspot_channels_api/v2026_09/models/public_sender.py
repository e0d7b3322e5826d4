from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicSender")


@_attrs_define
class PublicSender:
    """
    Attributes:
        actor_id (str | Unset):
        delivery_identifier (PublicDeliveryIdentifier | Unset):
        name (str | Unset):
        sender_field (str | Unset):
    """

    actor_id: str | Unset = UNSET
    delivery_identifier: PublicDeliveryIdentifier | Unset = UNSET
    name: str | Unset = UNSET
    sender_field: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        actor_id = self.actor_id

        delivery_identifier: dict[str, Any] | Unset = UNSET
        if not isinstance(self.delivery_identifier, Unset):
            delivery_identifier = self.delivery_identifier.to_dict()

        name = self.name

        sender_field = self.sender_field

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if actor_id is not UNSET:
            field_dict["actorId"] = actor_id
        if delivery_identifier is not UNSET:
            field_dict["deliveryIdentifier"] = delivery_identifier
        if name is not UNSET:
            field_dict["name"] = name
        if sender_field is not UNSET:
            field_dict["senderField"] = sender_field

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        actor_id = d.pop("actorId", UNSET)

        _delivery_identifier = d.pop("deliveryIdentifier", UNSET)
        delivery_identifier: PublicDeliveryIdentifier | Unset
        if isinstance(_delivery_identifier, Unset):
            delivery_identifier = UNSET
        else:
            delivery_identifier = PublicDeliveryIdentifier.from_dict(
                _delivery_identifier
            )

        name = d.pop("name", UNSET)

        sender_field = d.pop("senderField", UNSET)

        public_sender = cls(
            actor_id=actor_id,
            delivery_identifier=delivery_identifier,
            name=name,
            sender_field=sender_field,
        )

        public_sender.additional_properties = d
        return public_sender

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
