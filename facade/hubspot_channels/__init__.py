"""A typed, fast client for HubSpot's Conversations Custom Channels API.

    from hubspot_channels import CustomChannelsClient

    with CustomChannelsClient() as client:          # credentials from HUBSPOT_* environment variables
        client.messages.mark_failed(channel_id, message_id, error_message="Recipient blocked the number")

Webhook verification lives in ``hubspot_channels.webhooks``; a local fake HubSpot in ``hubspot_channels.testing``.
"""

# Private aliases: the __all__ guard counts every public module-level name.
import importlib as _importlib
import typing as _typing

from ._version import __version__

# Type checkers and IDEs see every name; at run time each loads on first use (PEP 562, __getattr__ below).
if _typing.TYPE_CHECKING:
    from ._bulk import BulkUpdateInterrupted, StatusUpdate, StatusUpdateResult
    from ._client import AsyncCustomChannelsClient, CustomChannelsClient
    from ._config import API_VERSIONS, DEFAULT_API_VERSION, ApiVersion
    from ._engine import capture_responses
    from ._exceptions import (
        APIConnectionError,
        APIError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        ConfigurationError,
        ConflictError,
        DeadlineExceededError,
        ErrorDetail,
        HubSpotChannelsError,
        InternalServerError,
        NotFoundError,
        PagingError,
        PermissionDeniedError,
        RateLimitBacklogError,
        RateLimitError,
        RateLimiterUnavailableError,
        RequestValidationError,
        UnprocessableEntityError,
        UnsupportedOperationError,
    )
    from ._models import (
        Attachment,
        Channel,
        ChannelAccount,
        ClientType,
        ContactAttachment,
        DeliveryIdentifier,
        DeliveryIdentifierType,
        FileAttachment,
        LocationAttachment,
        Message,
        MessageClient,
        MessageDirection,
        MessageHeaderAttachment,
        MessageStatus,
        Page,
        Participant,
        QuickRepliesAttachment,
        QuickReply,
        SocialMetadataAttachment,
        StagingToken,
        TruncationStatus,
        UnknownAttachment,
        UnsupportedContentAttachment,
        WhatsAppTemplateAttachment,
    )
    from ._oauth import OAuthRefreshError, TokenSet
    from ._oauth_refresh import OAuthRefresh
    from ._pacing import RateLimit
    from ._paging import AsyncPager, SyncPager
    from ._retry import DEFAULT_MAX_RETRIES, INITIAL_RETRY_DELAY, MAX_RETRY_AFTER, MAX_RETRY_DELAY
    from ._shared_pacing import SharedRateLimit

# name -> the module that defines it. `import hubspot_channels` loads none of them (nor httpx): an application
# pays at its first use of a name, and only for what that name needs (the sync client never loads asyncio).
_MODULES_AND_NAMES: dict[str, tuple[str, ...]] = {
    "_sync_client": ("CustomChannelsClient",),
    "_async_client": ("AsyncCustomChannelsClient",),
    "_bulk": ("BulkUpdateInterrupted", "StatusUpdate", "StatusUpdateResult"),
    "_registry": ("API_VERSIONS", "DEFAULT_API_VERSION", "ApiVersion"),  # re-exported by _config
    "_engine": ("capture_responses",),
    "_exceptions": (
        "APIConnectionError",
        "APIError",
        "APIResponseValidationError",
        "APIStatusError",
        "APITimeoutError",
        "AuthenticationError",
        "BadRequestError",
        "ConfigurationError",
        "ConflictError",
        "DeadlineExceededError",
        "ErrorDetail",
        "HubSpotChannelsError",
        "InternalServerError",
        "NotFoundError",
        "PagingError",
        "PermissionDeniedError",
        "RateLimitError",
        "RateLimitBacklogError",
        "RateLimiterUnavailableError",
        "RequestValidationError",
        "UnprocessableEntityError",
        "UnsupportedOperationError",
    ),
    "_models": (
        "Attachment",
        "Channel",
        "ChannelAccount",
        "ClientType",
        "ContactAttachment",
        "DeliveryIdentifier",
        "DeliveryIdentifierType",
        "FileAttachment",
        "LocationAttachment",
        "Message",
        "MessageClient",
        "MessageDirection",
        "MessageHeaderAttachment",
        "MessageStatus",
        "Page",
        "Participant",
        "QuickRepliesAttachment",
        "QuickReply",
        "SocialMetadataAttachment",
        "StagingToken",
        "TruncationStatus",
        "UnknownAttachment",
        "UnsupportedContentAttachment",
        "WhatsAppTemplateAttachment",
    ),
    "_oauth": ("OAuthRefreshError", "TokenSet"),
    "_oauth_refresh": ("OAuthRefresh",),
    "_pacing": ("RateLimit",),
    "_sync_paging": ("SyncPager",),
    "_async_paging": ("AsyncPager",),
    "_retry": ("DEFAULT_MAX_RETRIES", "INITIAL_RETRY_DELAY", "MAX_RETRY_AFTER", "MAX_RETRY_DELAY"),
    "_shared_pacing": ("SharedRateLimit",),
}
_MODULE_OF = {name: module for module, names in _MODULES_AND_NAMES.items() for name in names}


# Hidden from type checkers: a module __getattr__ would make them accept any name (a typo included).
if not _typing.TYPE_CHECKING:

    def __getattr__(name: str) -> _typing.Any:
        module = _MODULE_OF.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(_importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value  # later look-ups are plain attribute reads
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "API_VERSIONS",
    "DEFAULT_API_VERSION",
    "DEFAULT_MAX_RETRIES",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ApiVersion",
    "AsyncCustomChannelsClient",
    "AsyncPager",
    "Attachment",
    "AuthenticationError",
    "BadRequestError",
    "BulkUpdateInterrupted",
    "Channel",
    "ChannelAccount",
    "ClientType",
    "ConfigurationError",
    "ConflictError",
    "ContactAttachment",
    "CustomChannelsClient",
    "DeadlineExceededError",
    "DeliveryIdentifier",
    "DeliveryIdentifierType",
    "ErrorDetail",
    "FileAttachment",
    "HubSpotChannelsError",
    "InternalServerError",
    "LocationAttachment",
    "Message",
    "MessageClient",
    "MessageDirection",
    "MessageHeaderAttachment",
    "MessageStatus",
    "NotFoundError",
    "OAuthRefresh",
    "OAuthRefreshError",
    "Page",
    "PagingError",
    "Participant",
    "PermissionDeniedError",
    "QuickRepliesAttachment",
    "QuickReply",
    "RateLimit",
    "RateLimitBacklogError",
    "RateLimitError",
    "RateLimiterUnavailableError",
    "RequestValidationError",
    "SharedRateLimit",
    "SocialMetadataAttachment",
    "StagingToken",
    "StatusUpdate",
    "StatusUpdateResult",
    "SyncPager",
    "TokenSet",
    "TruncationStatus",
    "UnknownAttachment",
    "UnprocessableEntityError",
    "UnsupportedContentAttachment",
    "UnsupportedOperationError",
    "WhatsAppTemplateAttachment",
    "__version__",
    "capture_responses",
]
