from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactProfile")


@_attrs_define
class ContactProfile:
    """
    Attributes:
        addresses (list[ContactAddress]):
        emails (list[ContactEmail]):
        phones (list[ContactPhone]):
        urls (list[ContactUrl]):
        name (ContactName | Unset):
        org (ContactOrg | Unset):
    """

    addresses: list[ContactAddress]
    emails: list[ContactEmail]
    phones: list[ContactPhone]
    urls: list[ContactUrl]
    name: ContactName | Unset = UNSET
    org: ContactOrg | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        addresses = []
        for addresses_item_data in self.addresses:
            addresses_item = addresses_item_data.to_dict()
            addresses.append(addresses_item)

        emails = []
        for emails_item_data in self.emails:
            emails_item = emails_item_data.to_dict()
            emails.append(emails_item)

        phones = []
        for phones_item_data in self.phones:
            phones_item = phones_item_data.to_dict()
            phones.append(phones_item)

        urls = []
        for urls_item_data in self.urls:
            urls_item = urls_item_data.to_dict()
            urls.append(urls_item)

        name: dict[str, Any] | Unset = UNSET
        if not isinstance(self.name, Unset):
            name = self.name.to_dict()

        org: dict[str, Any] | Unset = UNSET
        if not isinstance(self.org, Unset):
            org = self.org.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "addresses": addresses,
                "emails": emails,
                "phones": phones,
                "urls": urls,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if org is not UNSET:
            field_dict["org"] = org

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        addresses = []
        _addresses = d.pop("addresses")
        for addresses_item_data in _addresses:
            addresses_item = ContactAddress.from_dict(addresses_item_data)

            addresses.append(addresses_item)

        emails = []
        _emails = d.pop("emails")
        for emails_item_data in _emails:
            emails_item = ContactEmail.from_dict(emails_item_data)

            emails.append(emails_item)

        phones = []
        _phones = d.pop("phones")
        for phones_item_data in _phones:
            phones_item = ContactPhone.from_dict(phones_item_data)

            phones.append(phones_item)

        urls = []
        _urls = d.pop("urls")
        for urls_item_data in _urls:
            urls_item = ContactUrl.from_dict(urls_item_data)

            urls.append(urls_item)

        _name = d.pop("name", UNSET)
        name: ContactName | Unset
        if isinstance(_name, Unset):
            name = UNSET
        else:
            name = ContactName.from_dict(_name)

        _org = d.pop("org", UNSET)
        org: ContactOrg | Unset
        if isinstance(_org, Unset):
            org = UNSET
        else:
            org = ContactOrg.from_dict(_org)

        contact_profile = cls(
            addresses=addresses,
            emails=emails,
            phones=phones,
            urls=urls,
            name=name,
            org=org,
        )

        contact_profile.additional_properties = d
        return contact_profile

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
from ..models.contact_address import ContactAddress  # noqa: E402
from ..models.contact_email import ContactEmail  # noqa: E402
from ..models.contact_name import ContactName  # noqa: E402
from ..models.contact_org import ContactOrg  # noqa: E402
from ..models.contact_phone import ContactPhone  # noqa: E402
from ..models.contact_url import ContactUrl  # noqa: E402
