from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicChannelAccountStagingTokenUpdateRequest")


@_attrs_define
class PublicChannelAccountStagingTokenUpdateRequest:
    """
    Attributes:
        account_name (str | Unset):
        delivery_identifier (PublicDeliveryIdentifierRequest | Unset):
    """

    account_name: str | Unset = UNSET
    delivery_identifier: PublicDeliveryIdentifierRequest | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_name = self.account_name

        delivery_identifier: dict[str, Any] | Unset = UNSET
        if not isinstance(self.delivery_identifier, Unset):
            delivery_identifier = self.delivery_identifier.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if account_name is not UNSET:
            field_dict["accountName"] = account_name
        if delivery_identifier is not UNSET:
            field_dict["deliveryIdentifier"] = delivery_identifier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_name = d.pop("accountName", UNSET)

        _delivery_identifier = d.pop("deliveryIdentifier", UNSET)
        delivery_identifier: PublicDeliveryIdentifierRequest | Unset
        if isinstance(_delivery_identifier, Unset):
            delivery_identifier = UNSET
        else:
            delivery_identifier = PublicDeliveryIdentifierRequest.from_dict(
                _delivery_identifier
            )

        public_channel_account_staging_token_update_request = cls(
            account_name=account_name,
            delivery_identifier=delivery_identifier,
        )

        public_channel_account_staging_token_update_request.additional_properties = d
        return public_channel_account_staging_token_update_request

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
