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

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicWhatsAppTemplateMetadata")


@_attrs_define
class PublicWhatsAppTemplateMetadata:
    """
    Attributes:
        crm_object_ids (PublicWhatsAppTemplateMetadataCrmObjectIds):
        parameters (PublicWhatsAppTemplateMetadataParameters):
        type_ (Literal['WHATSAPP_TEMPLATE_METADATA']):
        content_id (int | Unset):
        mapped_template_id (int | Unset):
        root_mic_id (int | Unset):
    """

    crm_object_ids: PublicWhatsAppTemplateMetadataCrmObjectIds
    parameters: PublicWhatsAppTemplateMetadataParameters
    type_: Literal["WHATSAPP_TEMPLATE_METADATA"]
    content_id: int | Unset = UNSET
    mapped_template_id: int | Unset = UNSET
    root_mic_id: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        crm_object_ids = self.crm_object_ids.to_dict()

        parameters = self.parameters.to_dict()

        type_ = self.type_

        content_id = self.content_id

        mapped_template_id = self.mapped_template_id

        root_mic_id = self.root_mic_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "crmObjectIds": crm_object_ids,
                "parameters": parameters,
                "type": type_,
            }
        )
        if content_id is not UNSET:
            field_dict["contentId"] = content_id
        if mapped_template_id is not UNSET:
            field_dict["mappedTemplateId"] = mapped_template_id
        if root_mic_id is not UNSET:
            field_dict["rootMicId"] = root_mic_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        crm_object_ids = PublicWhatsAppTemplateMetadataCrmObjectIds.from_dict(
            d.pop("crmObjectIds")
        )

        parameters = PublicWhatsAppTemplateMetadataParameters.from_dict(
            d.pop("parameters")
        )

        type_ = cast(Literal["WHATSAPP_TEMPLATE_METADATA"], d.pop("type"))
        if type_ != "WHATSAPP_TEMPLATE_METADATA":
            raise ValueError(
                f"type must match const 'WHATSAPP_TEMPLATE_METADATA', got '{type_}'"
            )

        content_id = d.pop("contentId", UNSET)

        mapped_template_id = d.pop("mappedTemplateId", UNSET)

        root_mic_id = d.pop("rootMicId", UNSET)

        public_whats_app_template_metadata = cls(
            crm_object_ids=crm_object_ids,
            parameters=parameters,
            type_=type_,
            content_id=content_id,
            mapped_template_id=mapped_template_id,
            root_mic_id=root_mic_id,
        )

        public_whats_app_template_metadata.additional_properties = d
        return public_whats_app_template_metadata

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
from ..models.public_whats_app_template_metadata_crm_object_ids import (
    PublicWhatsAppTemplateMetadataCrmObjectIds,  # noqa: E402
)
from ..models.public_whats_app_template_metadata_parameters import (
    PublicWhatsAppTemplateMetadataParameters,  # noqa: E402
)
