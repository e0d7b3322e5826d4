"""The clients under test, as source snippets: one definition serves the in-process timing and the fresh
subprocesses that measure import time, import-to-first-response and peak memory.

``imports`` is what import time measures; ``setup`` builds the client; ``call`` reports one status (an
expression; awaited for async clients). BASE, TOKEN, CHANNEL, MESSAGE and PATH are predefined.
"""

from __future__ import annotations

from dataclasses import dataclass

from hubspot_channels._registry import DEFAULT_API_VERSION, PACKAGES, VERSIONS

from ._server import CHANNEL_ID, MESSAGE_ID, TOKEN

# The default version's generated package and update_message_status path, from the registry.
GENERATED = PACKAGES[DEFAULT_API_VERSION]
_STATUS_PATH = VERSIONS[DEFAULT_API_VERSION].endpoints["update_message_status"].path
PATH = _STATUS_PATH.format(channelId=CHANNEL_ID, messageId=MESSAGE_ID)
PRELUDE = f"TOKEN = {TOKEN!r}; CHANNEL = {CHANNEL_ID}; MESSAGE = {MESSAGE_ID!r}; PATH = {PATH!r}\n"


@dataclass(frozen=True)
class Spec:
    name: str
    imports: str
    setup: str
    call: str
    is_async: bool = False
    needs: str = ""  # a distribution that may be missing (then the row says "unavailable")
    close: str = ""


SYNC = [
    Spec(
        "httpx (raw)",
        "import httpx",
        "c = httpx.Client(base_url=BASE); h = {'Authorization': 'Bearer ' + TOKEN}",
        "c.patch(PATH, json={'statusType': 'SENT'}, headers=h).json()",
        close="c.close()",
    ),
    Spec(
        "generated (sync_detailed)",
        f"from {GENERATED} import AuthenticatedClient\n"
        f"from {GENERATED}.api.messages import update_message_status as op\n"
        f"from {GENERATED}.models import PublicChannelIntegrationMessageUpdateRequest as Body\n"
        f"from {GENERATED}.models import PublicChannelIntegrationMessageUpdateRequestStatusType as S",
        "c = AuthenticatedClient(base_url=BASE, token=TOKEN)",
        "op.sync_detailed(CHANNEL, MESSAGE, client=c, body=Body(status_type=S.SENT)).parsed",
    ),
    Spec(
        "hubspot_channels",
        # What an application writes; the package itself is lazy (PEP 562), so `import hubspot_channels`
        # alone would load almost nothing and flatter the figure.
        "from hubspot_channels import CustomChannelsClient",
        "c = CustomChannelsClient(access_token=TOKEN, base_url=BASE)",
        "c.messages.mark_sent(CHANNEL, MESSAGE)",
        close="c.close()",
    ),
    Spec(
        "hubspot-sdk",
        "import hubspot_sdk",
        "c = hubspot_sdk.HubSpot(access_token=TOKEN, base_url=BASE)",
        "c.conversations.custom_channels.messages.update(MESSAGE, channel_id=CHANNEL, status_type='SENT')",
        needs="hubspot_sdk",
        close="c.close()",
    ),
]

_AIOHTTP_CALL = """
async def aio_call(session, headers):
    async with session.patch(BASE + PATH, json={'statusType': 'SENT'}, headers=headers) as r:
        return await r.json()
"""

ASYNC = [
    Spec(
        "httpx.AsyncClient (raw)",
        "import httpx",
        "c = httpx.AsyncClient(base_url=BASE, limits=httpx.Limits(max_connections=100, max_keepalive_connections=50));"
        " h = {'Authorization': 'Bearer ' + TOKEN}",
        "(await c.patch(PATH, json={'statusType': 'SENT'}, headers=h)).json()",
        is_async=True,
        close="await c.aclose()",
    ),
    Spec(
        "hubspot_channels async",
        "from hubspot_channels import AsyncCustomChannelsClient",
        "c = AsyncCustomChannelsClient(access_token=TOKEN, base_url=BASE)",
        "await c.messages.mark_sent(CHANNEL, MESSAGE)",
        is_async=True,
        close="await c.aclose()",
    ),
    Spec(
        "hubspot_channels async+aiohttp",
        "from hubspot_channels import AsyncCustomChannelsClient\nfrom hubspot_channels.transports import AiohttpClient",
        "c = AsyncCustomChannelsClient(access_token=TOKEN, base_url=BASE, http_client=AiohttpClient())",
        "await c.messages.mark_sent(CHANNEL, MESSAGE)",
        is_async=True,
        needs="aiohttp",
        close="await c._http.aclose()",
    ),
    Spec(
        "AsyncHubSpot",
        "import hubspot_sdk",
        "c = hubspot_sdk.AsyncHubSpot(access_token=TOKEN, base_url=BASE)",
        "await c.conversations.custom_channels.messages.update(MESSAGE, channel_id=CHANNEL, status_type='SENT')",
        is_async=True,
        needs="hubspot_sdk",
        close="await c.close()",
    ),
    Spec(
        "AsyncHubSpot+aiohttp",
        "import hubspot_sdk",
        "c = hubspot_sdk.AsyncHubSpot(access_token=TOKEN, base_url=BASE, http_client=hubspot_sdk.DefaultAioHttpClient())",
        "await c.conversations.custom_channels.messages.update(MESSAGE, channel_id=CHANNEL, status_type='SENT')",
        is_async=True,
        needs="httpx_aiohttp",
        close="await c.close()",
    ),
    Spec(
        "aiohttp (hand-written)",
        "import aiohttp",
        "c = aiohttp.ClientSession(); h = {'Authorization': 'Bearer ' + TOKEN}" + "\n" + _AIOHTTP_CALL,
        "await aio_call(c, h)",
        is_async=True,
        needs="aiohttp",
        close="await c.close()",
    ),
]


def available(spec: Spec) -> bool:
    if not spec.needs:
        return True
    import importlib.util

    return importlib.util.find_spec(spec.needs) is not None


def namespace(base_url: str) -> dict[str, object]:
    ns: dict[str, object] = {"BASE": base_url}
    exec(PRELUDE, ns)  # noqa: S102 - benchmark snippets
    return ns
