from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicMessageFailureDetails")


@_attrs_define
class PublicMessageFailureDetails:
    """
    Attributes:
        error_message_tokens (PublicMessageFailureDetailsErrorMessageTokens):
        error_message (str | Unset):
    """

    error_message_tokens: PublicMessageFailureDetailsErrorMessageTokens
    error_message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error_message_tokens = self.error_message_tokens.to_dict()

        error_message = self.error_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "errorMessageTokens": error_message_tokens,
            }
        )
        if error_message is not UNSET:
            field_dict["errorMessage"] = error_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        error_message_tokens = PublicMessageFailureDetailsErrorMessageTokens.from_dict(
            d.pop("errorMessageTokens")
        )

        error_message = d.pop("errorMessage", UNSET)

        public_message_failure_details = cls(
            error_message_tokens=error_message_tokens,
            error_message=error_message,
        )

        public_message_failure_details.additional_properties = d
        return public_message_failure_details

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
from ..models.public_message_failure_details_error_message_tokens import (
    PublicMessageFailureDetailsErrorMessageTokens,  # noqa: E402
)
