from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.social_metadata_request_media_type import SocialMetadataRequestMediaType
from ..types import UNSET, Unset

T = TypeVar("T", bound="SocialMetadataRequest")


@_attrs_define
class SocialMetadataRequest:
    """
    Attributes:
        media_type (SocialMetadataRequestMediaType):
        description (str | Unset):
        id (str | Unset):
        media_title (str | Unset):
        media_url (str | Unset):
        media_url_string (str | Unset):
        thumbnail_url (str | Unset):
    """

    media_type: SocialMetadataRequestMediaType
    description: str | Unset = UNSET
    id: str | Unset = UNSET
    media_title: str | Unset = UNSET
    media_url: str | Unset = UNSET
    media_url_string: str | Unset = UNSET
    thumbnail_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        media_type = self.media_type.value

        description = self.description

        id = self.id

        media_title = self.media_title

        media_url = self.media_url

        media_url_string = self.media_url_string

        thumbnail_url = self.thumbnail_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "mediaType": media_type,
            }
        )
        if description is not UNSET:
            field_dict["description"] = description
        if id is not UNSET:
            field_dict["id"] = id
        if media_title is not UNSET:
            field_dict["mediaTitle"] = media_title
        if media_url is not UNSET:
            field_dict["mediaUrl"] = media_url
        if media_url_string is not UNSET:
            field_dict["mediaUrlString"] = media_url_string
        if thumbnail_url is not UNSET:
            field_dict["thumbnailUrl"] = thumbnail_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        media_type = SocialMetadataRequestMediaType(d.pop("mediaType"))

        description = d.pop("description", UNSET)

        id = d.pop("id", UNSET)

        media_title = d.pop("mediaTitle", UNSET)

        media_url = d.pop("mediaUrl", UNSET)

        media_url_string = d.pop("mediaUrlString", UNSET)

        thumbnail_url = d.pop("thumbnailUrl", UNSET)

        social_metadata_request = cls(
            media_type=media_type,
            description=description,
            id=id,
            media_title=media_title,
            media_url=media_url,
            media_url_string=media_url_string,
            thumbnail_url=thumbnail_url,
        )

        social_metadata_request.additional_properties = d
        return social_metadata_request

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
