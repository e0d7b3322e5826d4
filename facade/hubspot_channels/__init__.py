"""A typed, fast client for HubSpot's Conversations Custom Channels API.

    from hubspot_channels import CustomChannelsClient

    with CustomChannelsClient() as client:          # credentials from HUBSPOT_* environment variables
        client.messages.mark_failed(channel_id, message_id, error_message="Recipient blocked the number")

Webhook verification lives in ``hubspot_channels.webhooks``; a local fake HubSpot in ``hubspot_channels.testing``.
"""

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
from ._version import __version__

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
