"""``import hubspot_channels`` loads only what it needs (the version): every public name loads its module on
first use (PEP 562), the sync client's path never loads the async side or asyncio, and no path loads the
command line. Checked on ``sys.modules`` in fresh interpreters, never on time."""

from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

import hubspot_channels
from tests.facade.test_facade_public_api import PACKAGE_DIR

MODULES_AFTER = """
import json, sys
{code}
print(json.dumps(sorted(sys.modules)))
"""

SYNC_CLIENT_CALL = """
import httpx
import hubspot_channels

def answer(request):
    return httpx.Response(200, json={"results": [], "total": 0})

client = hubspot_channels.CustomChannelsClient(
    access_token="t", developer_api_key="k", app_id=1,
    http_client=httpx.Client(transport=httpx.MockTransport(answer)),
)
client.channels.list().first_page()
"""


def modules_after(code: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", MODULES_AFTER.format(code=code)], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout))


def loaded(modules: set[str], *prefixes: str) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(p + ".") for p in prefixes))


@pytest.mark.subprocess
def test_import_loads_only_the_version() -> None:
    modules = modules_after("import hubspot_channels")
    assert loaded(modules, "hubspot_channels") == ["hubspot_channels", "hubspot_channels._version"]
    assert loaded(modules, "httpx", "click", "rich", "asyncio", "attrs", "attr", "dateutil") == []
    assert loaded(modules, "hubspot_channels_api") == []


@pytest.mark.subprocess
def test_the_sync_clients_call_loads_no_async_side_no_bulk_runner_and_no_command_line() -> None:
    modules = modules_after(SYNC_CLIENT_CALL)
    assert "hubspot_channels._sync_client" in modules  # the control: the call did run through the client
    assert loaded(modules, "asyncio") == []
    assert loaded(modules, "hubspot_channels._async_client", "hubspot_channels._async_engine") == []
    assert loaded(modules, "hubspot_channels._bulk", "hubspot_channels._bulk_workers") == []  # at a bulk call
    assert (
        loaded(modules, "hubspot_channels.cli", "hubspot_channels.testing", "hubspot_channels.webhooks") == []
    )


@pytest.mark.subprocess
def test_a_name_loads_its_own_module_only() -> None:
    modules = modules_after("from hubspot_channels import MessageStatus")
    assert loaded(modules, "hubspot_channels") == [
        "hubspot_channels",
        "hubspot_channels._models",
        "hubspot_channels._version",
    ]


@pytest.mark.subprocess
def test_every_public_name_resolves_in_a_fresh_interpreter() -> None:
    code = "import hubspot_channels as h\nassert all(getattr(h, name) is not None for name in h.__all__)"
    modules_after(code)  # check=True: an AttributeError or ImportError fails here


def test_dir_lists_every_public_name() -> None:
    assert set(hubspot_channels.__all__) <= set(dir(hubspot_channels))


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        hubspot_channels.no_such_name  # noqa: B018


def test_the_lazy_table_and_the_type_checking_imports_list_exactly_all() -> None:
    """The three lists of names in __init__.py stay one: __all__, the lazy table, the TYPE_CHECKING imports."""
    tree = ast.parse((PACKAGE_DIR / "__init__.py").read_text())
    guarded = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING")
    )
    seen_by_type_checkers = {
        alias.asname or alias.name
        for node in guarded.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    lazy = set(hubspot_channels._MODULE_OF)
    public = set(hubspot_channels.__all__) - {"__version__"}  # the one name loaded eagerly
    assert lazy == public
    assert seen_by_type_checkers == public
