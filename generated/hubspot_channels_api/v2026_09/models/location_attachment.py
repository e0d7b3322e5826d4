from __future__ import annotations

from collections.abc import Mapping
from typing import (
    Any,
    Literal,
    TypeVar,
    cast,
)

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="LocationAttachment")


@_attrs_define
class LocationAttachment:
    """
    Attributes:
        latitude (float):
        longitude (float):
        type_ (Literal['LOCATION']):
        address (str | Unset):
        name (str | Unset):
        url (str | Unset):
    """

    latitude: float
    longitude: float
    type_: Literal["LOCATION"]
    address: str | Unset = UNSET
    name: str | Unset = UNSET
    url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        latitude = self.latitude

        longitude = self.longitude

        type_ = self.type_

        address = self.address

        name = self.name

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "latitude": latitude,
                "longitude": longitude,
                "type": type_,
            }
        )
        if address is not UNSET:
            field_dict["address"] = address
        if name is not UNSET:
            field_dict["name"] = name
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        latitude = d.pop("latitude")

        longitude = d.pop("longitude")

        type_ = cast(Literal["LOCATION"], d.pop("type"))
        if type_ != "LOCATION":
            raise ValueError(f"type must match const 'LOCATION', got '{type_}'")

        address = d.pop("address", UNSET)

        name = d.pop("name", UNSET)

        url = d.pop("url", UNSET)

        location_attachment = cls(
            latitude=latitude,
            longitude=longitude,
            type_=type_,
            address=address,
            name=name,
            url=url,
        )

        location_attachment.additional_properties = d
        return location_attachment

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
