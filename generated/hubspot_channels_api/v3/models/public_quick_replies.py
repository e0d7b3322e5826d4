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

T = TypeVar("T", bound="PublicQuickReplies")


@_attrs_define
class PublicQuickReplies:
    """
    Attributes:
        allow_multi_select (bool):
        allow_user_input (bool):
        quick_replies (list[QuickReply]):
        type_ (Literal['QUICK_REPLIES']):
    """

    allow_multi_select: bool
    allow_user_input: bool
    quick_replies: list[QuickReply]
    type_: Literal["QUICK_REPLIES"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        allow_multi_select = self.allow_multi_select

        allow_user_input = self.allow_user_input

        quick_replies = []
        for quick_replies_item_data in self.quick_replies:
            quick_replies_item = quick_replies_item_data.to_dict()
            quick_replies.append(quick_replies_item)

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "allowMultiSelect": allow_multi_select,
                "allowUserInput": allow_user_input,
                "quickReplies": quick_replies,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        allow_multi_select = d.pop("allowMultiSelect")

        allow_user_input = d.pop("allowUserInput")

        quick_replies = []
        _quick_replies = d.pop("quickReplies")
        for quick_replies_item_data in _quick_replies:
            quick_replies_item = QuickReply.from_dict(quick_replies_item_data)

            quick_replies.append(quick_replies_item)

        type_ = cast(Literal["QUICK_REPLIES"], d.pop("type"))
        if type_ != "QUICK_REPLIES":
            raise ValueError(f"type must match const 'QUICK_REPLIES', got '{type_}'")

        public_quick_replies = cls(
            allow_multi_select=allow_multi_select,
            allow_user_input=allow_user_input,
            quick_replies=quick_replies,
            type_=type_,
        )

        public_quick_replies.additional_properties = d
        return public_quick_replies

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
from ..models.quick_reply import QuickReply  # noqa: E402
