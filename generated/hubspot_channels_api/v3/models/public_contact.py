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

T = TypeVar("T", bound="PublicContact")


@_attrs_define
class PublicContact:
    """
    Attributes:
        contact_profile (ContactProfile):
        type_ (Literal['CONTACT']):
    """

    contact_profile: ContactProfile
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
        contact_profile = ContactProfile.from_dict(d.pop("contactProfile"))

        type_ = cast(Literal["CONTACT"], d.pop("type"))
        if type_ != "CONTACT":
            raise ValueError(f"type must match const 'CONTACT', got '{type_}'")

        public_contact = cls(
            contact_profile=contact_profile,
            type_=type_,
        )

        public_contact.additional_properties = d
        return public_contact

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
from ..models.contact_profile import ContactProfile  # noqa: E402
