from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicMessageStatus")


@_attrs_define
class PublicMessageStatus:
    """
    Attributes:
        status_type (str):
        failure_details (PublicMessageFailureDetails | Unset):
    """

    status_type: str
    failure_details: PublicMessageFailureDetails | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        status_type = self.status_type

        failure_details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.failure_details, Unset):
            failure_details = self.failure_details.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "statusType": status_type,
            }
        )
        if failure_details is not UNSET:
            field_dict["failureDetails"] = failure_details

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        status_type = d.pop("statusType")

        _failure_details = d.pop("failureDetails", UNSET)
        failure_details: PublicMessageFailureDetails | Unset
        if isinstance(_failure_details, Unset):
            failure_details = UNSET
        else:
            failure_details = PublicMessageFailureDetails.from_dict(_failure_details)

        public_message_status = cls(
            status_type=status_type,
            failure_details=failure_details,
        )

        public_message_status.additional_properties = d
        return public_message_status

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
from ..models.public_message_failure_details import PublicMessageFailureDetails  # noqa: E402
