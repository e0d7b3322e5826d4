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

T = TypeVar("T", bound="PublicFile")


@_attrs_define
class PublicFile:
    """
    Attributes:
        file_id (str):
        file_usage_type (str):
        type_ (Literal['FILE']):
        name (str | Unset):
        url (str | Unset):
    """

    file_id: str
    file_usage_type: str
    type_: Literal["FILE"]
    name: str | Unset = UNSET
    url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file_id = self.file_id

        file_usage_type = self.file_usage_type

        type_ = self.type_

        name = self.name

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fileId": file_id,
                "fileUsageType": file_usage_type,
                "type": type_,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file_id = d.pop("fileId")

        file_usage_type = d.pop("fileUsageType")

        type_ = cast(Literal["FILE"], d.pop("type"))
        if type_ != "FILE":
            raise ValueError(f"type must match const 'FILE', got '{type_}'")

        name = d.pop("name", UNSET)

        url = d.pop("url", UNSET)

        public_file = cls(
            file_id=file_id,
            file_usage_type=file_usage_type,
            type_=type_,
            name=name,
            url=url,
        )

        public_file.additional_properties = d
        return public_file

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
