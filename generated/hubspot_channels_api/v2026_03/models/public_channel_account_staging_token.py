from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicChannelAccountStagingToken")


@_attrs_define
class PublicChannelAccountStagingToken:
    """
    Attributes:
        account_token (str):
        created_at (datetime.datetime):
        generic_channel_id (int):
        inbox_id (int):
        user_id (int):
        account_name (str | Unset):
        delivery_identifier (PublicDeliveryIdentifier | Unset):
    """

    account_token: str
    created_at: datetime.datetime
    generic_channel_id: int
    inbox_id: int
    user_id: int
    account_name: str | Unset = UNSET
    delivery_identifier: PublicDeliveryIdentifier | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        account_token = self.account_token

        created_at = self.created_at.isoformat()

        generic_channel_id = self.generic_channel_id

        inbox_id = self.inbox_id

        user_id = self.user_id

        account_name = self.account_name

        delivery_identifier: dict[str, Any] | Unset = UNSET
        if not isinstance(self.delivery_identifier, Unset):
            delivery_identifier = self.delivery_identifier.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "accountToken": account_token,
                "createdAt": created_at,
                "genericChannelId": generic_channel_id,
                "inboxId": inbox_id,
                "userId": user_id,
            }
        )
        if account_name is not UNSET:
            field_dict["accountName"] = account_name
        if delivery_identifier is not UNSET:
            field_dict["deliveryIdentifier"] = delivery_identifier

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        account_token = d.pop("accountToken")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        generic_channel_id = d.pop("genericChannelId")

        inbox_id = d.pop("inboxId")

        user_id = d.pop("userId")

        account_name = d.pop("accountName", UNSET)

        _delivery_identifier = d.pop("deliveryIdentifier", UNSET)
        delivery_identifier: PublicDeliveryIdentifier | Unset
        if isinstance(_delivery_identifier, Unset):
            delivery_identifier = UNSET
        else:
            delivery_identifier = PublicDeliveryIdentifier.from_dict(
                _delivery_identifier
            )

        public_channel_account_staging_token = cls(
            account_token=account_token,
            created_at=created_at,
            generic_channel_id=generic_channel_id,
            inbox_id=inbox_id,
            user_id=user_id,
            account_name=account_name,
            delivery_identifier=delivery_identifier,
        )

        public_channel_account_staging_token.additional_properties = d
        return public_channel_account_staging_token

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
