from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicChannelIntegrationChannel")


@_attrs_define
class PublicChannelIntegrationChannel:
    """
    Attributes:
        capabilities (PublicChannelIntegrationChannelCapabilities):
        created_at (datetime.datetime):
        id (str):
        name (str):
        channel_account_connection_redirect_url (str | Unset):
        channel_description (str | Unset):
        channel_logo_url (str | Unset):
        webhook_url (str | Unset):
    """

    capabilities: PublicChannelIntegrationChannelCapabilities
    created_at: datetime.datetime
    id: str
    name: str
    channel_account_connection_redirect_url: str | Unset = UNSET
    channel_description: str | Unset = UNSET
    channel_logo_url: str | Unset = UNSET
    webhook_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        capabilities = self.capabilities.to_dict()

        created_at = self.created_at.isoformat()

        id = self.id

        name = self.name

        channel_account_connection_redirect_url = (
            self.channel_account_connection_redirect_url
        )

        channel_description = self.channel_description

        channel_logo_url = self.channel_logo_url

        webhook_url = self.webhook_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "capabilities": capabilities,
                "createdAt": created_at,
                "id": id,
                "name": name,
            }
        )
        if channel_account_connection_redirect_url is not UNSET:
            field_dict["channelAccountConnectionRedirectUrl"] = (
                channel_account_connection_redirect_url
            )
        if channel_description is not UNSET:
            field_dict["channelDescription"] = channel_description
        if channel_logo_url is not UNSET:
            field_dict["channelLogoUrl"] = channel_logo_url
        if webhook_url is not UNSET:
            field_dict["webhookUrl"] = webhook_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        capabilities = PublicChannelIntegrationChannelCapabilities.from_dict(
            d.pop("capabilities")
        )

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))

        id = d.pop("id")

        name = d.pop("name")

        channel_account_connection_redirect_url = d.pop(
            "channelAccountConnectionRedirectUrl", UNSET
        )

        channel_description = d.pop("channelDescription", UNSET)

        channel_logo_url = d.pop("channelLogoUrl", UNSET)

        webhook_url = d.pop("webhookUrl", UNSET)

        public_channel_integration_channel = cls(
            capabilities=capabilities,
            created_at=created_at,
            id=id,
            name=name,
            channel_account_connection_redirect_url=channel_account_connection_redirect_url,
            channel_description=channel_description,
            channel_logo_url=channel_logo_url,
            webhook_url=webhook_url,
        )

        public_channel_integration_channel.additional_properties = d
        return public_channel_integration_channel

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
from ..models.public_channel_integration_channel_capabilities import (
    PublicChannelIntegrationChannelCapabilities,  # noqa: E402
)
