from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="PreResolvedContact")


@_attrs_define
class PreResolvedContact:
    """
    Attributes:
        contact_properties_leading_to_match (list[str]):
        contact_vid (int):
    """

    contact_properties_leading_to_match: list[str]
    contact_vid: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        contact_properties_leading_to_match = self.contact_properties_leading_to_match

        contact_vid = self.contact_vid

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "contactPropertiesLeadingToMatch": contact_properties_leading_to_match,
                "contactVid": contact_vid,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        contact_properties_leading_to_match = cast(
            list[str], d.pop("contactPropertiesLeadingToMatch")
        )

        contact_vid = d.pop("contactVid")

        pre_resolved_contact = cls(
            contact_properties_leading_to_match=contact_properties_leading_to_match,
            contact_vid=contact_vid,
        )

        pre_resolved_contact.additional_properties = d
        return pre_resolved_contact

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
