from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicClient")


@_attrs_define
class PublicClient:
    """
    Attributes:
        client_type (str):
        integration_app_id (int | Unset):
    """

    client_type: str
    integration_app_id: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        client_type = self.client_type

        integration_app_id = self.integration_app_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "clientType": client_type,
            }
        )
        if integration_app_id is not UNSET:
            field_dict["integrationAppId"] = integration_app_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        client_type = d.pop("clientType")

        integration_app_id = d.pop("integrationAppId", UNSET)

        public_client = cls(
            client_type=client_type,
            integration_app_id=integration_app_id,
        )

        public_client.additional_properties = d
        return public_client

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
