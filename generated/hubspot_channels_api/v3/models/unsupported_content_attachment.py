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

T = TypeVar("T", bound="UnsupportedContentAttachment")


@_attrs_define
class UnsupportedContentAttachment:
    """
    Attributes:
        type_ (Literal['UNSUPPORTED_CONTENT']):
    """

    type_: Literal["UNSUPPORTED_CONTENT"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = cast(Literal["UNSUPPORTED_CONTENT"], d.pop("type"))
        if type_ != "UNSUPPORTED_CONTENT":
            raise ValueError(
                f"type must match const 'UNSUPPORTED_CONTENT', got '{type_}'"
            )

        unsupported_content_attachment = cls(
            type_=type_,
        )

        unsupported_content_attachment.additional_properties = d
        return unsupported_content_attachment

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
