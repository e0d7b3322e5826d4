from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.public_channel_integration_message_update_request_status_type import (
    PublicChannelIntegrationMessageUpdateRequestStatusType,
)
from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicChannelIntegrationMessageUpdateRequest")


@_attrs_define
class PublicChannelIntegrationMessageUpdateRequest:
    """
    Attributes:
        status_type (PublicChannelIntegrationMessageUpdateRequestStatusType):
        error_message (str | Unset):
    """

    status_type: PublicChannelIntegrationMessageUpdateRequestStatusType
    error_message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status_type = self.status_type.value

        error_message = self.error_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "statusType": status_type,
            }
        )
        if error_message is not UNSET:
            field_dict["errorMessage"] = error_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status_type = PublicChannelIntegrationMessageUpdateRequestStatusType(
            d.pop("statusType")
        )

        error_message = d.pop("errorMessage", UNSET)

        public_channel_integration_message_update_request = cls(
            status_type=status_type,
            error_message=error_message,
        )

        public_channel_integration_message_update_request.additional_properties = d
        return public_channel_integration_message_update_request

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
