from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.contact_email_request_type import ContactEmailRequestType
from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactEmailRequest")


@_attrs_define
class ContactEmailRequest:
    """
    Attributes:
        email (str):
        type_ (ContactEmailRequestType | Unset):
    """

    email: str
    type_: ContactEmailRequestType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        email = self.email

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "email": email,
            }
        )
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        email = d.pop("email")

        _type_ = d.pop("type", UNSET)
        type_: ContactEmailRequestType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = ContactEmailRequestType(_type_)

        contact_email_request = cls(
            email=email,
            type_=type_,
        )

        contact_email_request.additional_properties = d
        return contact_email_request

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
