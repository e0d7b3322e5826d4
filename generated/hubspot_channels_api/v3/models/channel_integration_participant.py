from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ChannelIntegrationParticipant")


@_attrs_define
class ChannelIntegrationParticipant:
    """
    Attributes:
        delivery_identifier (PublicDeliveryIdentifierRequest):
        name (str | Unset):
        sender_actor_id (str | Unset):
    """

    delivery_identifier: PublicDeliveryIdentifierRequest
    name: str | Unset = UNSET
    sender_actor_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        delivery_identifier = self.delivery_identifier.to_dict()

        name = self.name

        sender_actor_id = self.sender_actor_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "deliveryIdentifier": delivery_identifier,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if sender_actor_id is not UNSET:
            field_dict["senderActorId"] = sender_actor_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        delivery_identifier = PublicDeliveryIdentifierRequest.from_dict(
            d.pop("deliveryIdentifier")
        )

        name = d.pop("name", UNSET)

        sender_actor_id = d.pop("senderActorId", UNSET)

        channel_integration_participant = cls(
            delivery_identifier=delivery_identifier,
            name=name,
            sender_actor_id=sender_actor_id,
        )

        channel_integration_participant.additional_properties = d
        return channel_integration_participant

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
from ..models.public_delivery_identifier_request import PublicDeliveryIdentifierRequest  # noqa: E402
