from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ContactProfileRequest")


@_attrs_define
class ContactProfileRequest:
    """
    Attributes:
        addresses (list[ContactAddressRequest]):
        emails (list[ContactEmailRequest]):
        phones (list[ContactPhoneRequest]):
        urls (list[ContactUrlRequest]):
        name (ContactName | Unset):
        org (ContactOrg | Unset):
    """

    addresses: list[ContactAddressRequest]
    emails: list[ContactEmailRequest]
    phones: list[ContactPhoneRequest]
    urls: list[ContactUrlRequest]
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
            addresses_item = ContactAddressRequest.from_dict(addresses_item_data)

            addresses.append(addresses_item)

        emails = []
        _emails = d.pop("emails")
        for emails_item_data in _emails:
            emails_item = ContactEmailRequest.from_dict(emails_item_data)

            emails.append(emails_item)

        phones = []
        _phones = d.pop("phones")
        for phones_item_data in _phones:
            phones_item = ContactPhoneRequest.from_dict(phones_item_data)

            phones.append(phones_item)

        urls = []
        _urls = d.pop("urls")
        for urls_item_data in _urls:
            urls_item = ContactUrlRequest.from_dict(urls_item_data)

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

        contact_profile_request = cls(
            addresses=addresses,
            emails=emails,
            phones=phones,
            urls=urls,
            name=name,
            org=org,
        )

        contact_profile_request.additional_properties = d
        return contact_profile_request

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
from ..models.contact_address_request import ContactAddressRequest  # noqa: E402
from ..models.contact_email_request import ContactEmailRequest  # noqa: E402
from ..models.contact_name import ContactName  # noqa: E402
from ..models.contact_org import ContactOrg  # noqa: E402
from ..models.contact_phone_request import ContactPhoneRequest  # noqa: E402
from ..models.contact_url_request import ContactUrlRequest  # noqa: E402
