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

T = TypeVar("T", bound="PublicMessageHeader")


@_attrs_define
class PublicMessageHeader:
    """
    Attributes:
        type_ (Literal['MESSAGE_HEADER']):
        file_id (int | Unset):
        text (str | Unset):
    """

    type_: Literal["MESSAGE_HEADER"]
    file_id: int | Unset = UNSET
    text: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        file_id = self.file_id

        text = self.text

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if file_id is not UNSET:
            field_dict["fileId"] = file_id
        if text is not UNSET:
            field_dict["text"] = text

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["MESSAGE_HEADER"], d.pop("type"))
        if type_ != "MESSAGE_HEADER":
            raise ValueError(f"type must match const 'MESSAGE_HEADER', got '{type_}'")

        file_id = d.pop("fileId", UNSET)

        text = d.pop("text", UNSET)

        public_message_header = cls(
            type_=type_,
            file_id=file_id,
            text=text,
        )

        public_message_header.additional_properties = d
        return public_message_header

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
