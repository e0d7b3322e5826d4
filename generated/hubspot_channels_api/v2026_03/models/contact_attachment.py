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

T = TypeVar("T", bound="ContactAttachment")


@_attrs_define
class ContactAttachment:
    """
    Attributes:
        contact_profile (ContactProfileRequest):
        type_ (Literal['CONTACT']):
    """

    contact_profile: ContactProfileRequest
    type_: Literal["CONTACT"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact_profile = self.contact_profile.to_dict()

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contactProfile": contact_profile,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contact_profile = ContactProfileRequest.from_dict(d.pop("contactProfile"))

        type_ = cast(Literal["CONTACT"], d.pop("type"))
        if type_ != "CONTACT":
            raise ValueError(f"type must match const 'CONTACT', got '{type_}'")

        contact_attachment = cls(
            contact_profile=contact_profile,
            type_=type_,
        )

        contact_attachment.additional_properties = d
        return contact_attachment

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
from ..models.contact_profile_request import ContactProfileRequest  # noqa: E402
