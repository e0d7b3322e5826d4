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

from ..models.file_attachment_file_usage_type import FileAttachmentFileUsageType
from ..types import UNSET, Unset

T = TypeVar("T", bound="FileAttachment")


@_attrs_define
class FileAttachment:
    """
    Attributes:
        file_id (str):
        type_ (Literal['FILE']):
        file_usage_type (FileAttachmentFileUsageType | Unset):
    """

    file_id: str
    type_: Literal["FILE"]
    file_usage_type: FileAttachmentFileUsageType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        file_id = self.file_id

        type_ = self.type_

        file_usage_type: str | Unset = UNSET
        if not isinstance(self.file_usage_type, Unset):
            file_usage_type = self.file_usage_type.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "fileId": file_id,
                "type": type_,
            }
        )
        if file_usage_type is not UNSET:
            field_dict["fileUsageType"] = file_usage_type

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        file_id = d.pop("fileId")

        type_ = cast(Literal["FILE"], d.pop("type"))
        if type_ != "FILE":
            raise ValueError(f"type must match const 'FILE', got '{type_}'")

        _file_usage_type = d.pop("fileUsageType", UNSET)
        file_usage_type: FileAttachmentFileUsageType | Unset
        if isinstance(_file_usage_type, Unset):
            file_usage_type = UNSET
        else:
            file_usage_type = FileAttachmentFileUsageType(_file_usage_type)

        file_attachment = cls(
            file_id=file_id,
            type_=type_,
            file_usage_type=file_usage_type,
        )

        file_attachment.additional_properties = d
        return file_attachment

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
