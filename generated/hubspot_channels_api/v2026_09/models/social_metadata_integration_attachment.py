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

T = TypeVar("T", bound="SocialMetadataIntegrationAttachment")


@_attrs_define
class SocialMetadataIntegrationAttachment:
    """
    Attributes:
        social_metadata (SocialMetadataRequest):
        type_ (Literal['SOCIAL_MEDIA_METADATA']):
    """

    social_metadata: SocialMetadataRequest
    type_: Literal["SOCIAL_MEDIA_METADATA"]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        social_metadata = self.social_metadata.to_dict()

        type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "socialMetadata": social_metadata,
                "type": type_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        social_metadata = SocialMetadataRequest.from_dict(d.pop("socialMetadata"))

        type_ = cast(Literal["SOCIAL_MEDIA_METADATA"], d.pop("type"))
        if type_ != "SOCIAL_MEDIA_METADATA":
            raise ValueError(
                f"type must match const 'SOCIAL_MEDIA_METADATA', got '{type_}'"
            )

        social_metadata_integration_attachment = cls(
            social_metadata=social_metadata,
            type_=type_,
        )

        social_metadata_integration_attachment.additional_properties = d
        return social_metadata_integration_attachment

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
from ..models.social_metadata_request import SocialMetadataRequest  # noqa: E402
