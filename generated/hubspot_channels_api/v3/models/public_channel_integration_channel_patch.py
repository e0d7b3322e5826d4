from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="PublicChannelIntegrationChannelPatch")


@_attrs_define
class PublicChannelIntegrationChannelPatch:
    """
    Attributes:
        capabilities (PublicChannelIntegrationChannelPatchCapabilities | Unset):
        channel_account_connection_redirect_url (None | str | Unset):
        channel_description (None | str | Unset):
        channel_logo_url (None | str | Unset):
        name (None | str | Unset):
        webhook_url (None | str | Unset):
    """

    capabilities: PublicChannelIntegrationChannelPatchCapabilities | Unset = UNSET
    channel_account_connection_redirect_url: None | str | Unset = UNSET
    channel_description: None | str | Unset = UNSET
    channel_logo_url: None | str | Unset = UNSET
    name: None | str | Unset = UNSET
    webhook_url: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        capabilities: dict[str, Any] | Unset = UNSET
        if not isinstance(self.capabilities, Unset):
            capabilities = self.capabilities.to_dict()

        channel_account_connection_redirect_url: None | str | Unset
        if isinstance(self.channel_account_connection_redirect_url, Unset):
            channel_account_connection_redirect_url = UNSET
        else:
            channel_account_connection_redirect_url = (
                self.channel_account_connection_redirect_url
            )

        channel_description: None | str | Unset
        if isinstance(self.channel_description, Unset):
            channel_description = UNSET
        else:
            channel_description = self.channel_description

        channel_logo_url: None | str | Unset
        if isinstance(self.channel_logo_url, Unset):
            channel_logo_url = UNSET
        else:
            channel_logo_url = self.channel_logo_url

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        webhook_url: None | str | Unset
        if isinstance(self.webhook_url, Unset):
            webhook_url = UNSET
        else:
            webhook_url = self.webhook_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if capabilities is not UNSET:
            field_dict["capabilities"] = capabilities
        if channel_account_connection_redirect_url is not UNSET:
            field_dict["channelAccountConnectionRedirectUrl"] = (
                channel_account_connection_redirect_url
            )
        if channel_description is not UNSET:
            field_dict["channelDescription"] = channel_description
        if channel_logo_url is not UNSET:
            field_dict["channelLogoUrl"] = channel_logo_url
        if name is not UNSET:
            field_dict["name"] = name
        if webhook_url is not UNSET:
            field_dict["webhookUrl"] = webhook_url

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        _capabilities = d.pop("capabilities", UNSET)
        capabilities: PublicChannelIntegrationChannelPatchCapabilities | Unset
        if isinstance(_capabilities, Unset):
            capabilities = UNSET
        else:
            capabilities = PublicChannelIntegrationChannelPatchCapabilities.from_dict(
                _capabilities
            )

        def _parse_channel_account_connection_redirect_url(
            data: object,
        ) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        channel_account_connection_redirect_url = (
            _parse_channel_account_connection_redirect_url(
                d.pop("channelAccountConnectionRedirectUrl", UNSET)
            )
        )

        def _parse_channel_description(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        channel_description = _parse_channel_description(
            d.pop("channelDescription", UNSET)
        )

        def _parse_channel_logo_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        channel_logo_url = _parse_channel_logo_url(d.pop("channelLogoUrl", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_webhook_url(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        webhook_url = _parse_webhook_url(d.pop("webhookUrl", UNSET))

        public_channel_integration_channel_patch = cls(
            capabilities=capabilities,
            channel_account_connection_redirect_url=channel_account_connection_redirect_url,
            channel_description=channel_description,
            channel_logo_url=channel_logo_url,
            name=name,
            webhook_url=webhook_url,
        )

        public_channel_integration_channel_patch.additional_properties = d
        return public_channel_integration_channel_patch

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
from ..models.public_channel_integration_channel_patch_capabilities import (
    PublicChannelIntegrationChannelPatchCapabilities,  # noqa: E402
)
