from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.quick_reply_request_value_type import QuickReplyRequestValueType
from ..types import UNSET, Unset

T = TypeVar("T", bound="QuickReplyRequest")


@_attrs_define
class QuickReplyRequest:
    """
    Attributes:
        value (str):
        value_type (QuickReplyRequestValueType):
        label (str | Unset):
    """

    value: str
    value_type: QuickReplyRequestValueType
    label: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        value = self.value

        value_type = self.value_type.value

        label = self.label

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "value": value,
                "valueType": value_type,
            }
        )
        if label is not UNSET:
            field_dict["label"] = label

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        value = d.pop("value")

        value_type = QuickReplyRequestValueType(d.pop("valueType"))

        label = d.pop("label", UNSET)

        quick_reply_request = cls(
            value=value,
            value_type=value_type,
            label=label,
        )

        quick_reply_request.additional_properties = d
        return quick_reply_request

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
