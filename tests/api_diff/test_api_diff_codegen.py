"""Codegen impact: generated symbols the facade uses, predicted from the document and read from the facade."""

import copy
import json
from pathlib import Path

import pytest

from scripts import ci_api_diff, registry
from scripts.apidiff import Spec, load_spec
from scripts.apidiff._codegen import (
    class_name,
    codegen_findings,
    facade_usage,
    field_name,
    generated_package_names,
    generated_symbols,
)
from scripts.surface_diff import read_surface
from tests.support.paths import REPO, SPECS

PACKAGES = generated_package_names(REPO)
VENDORED = sorted((REPO / "openapi").glob("custom-channels-*.json"))
VENDORED = [path for path in VENDORED if not path.name.endswith(".provenance.json")]


def _generated(spec: Path) -> Spec:
    return ci_api_diff.as_generated(load_spec(str(spec)))


def _package_of(spec: Path) -> Path:
    (version,) = [v for v in registry.load().versions if v.document == spec.name]
    return Path(*version.package.split("."))


@pytest.mark.parametrize("spec", VENDORED, ids=[p.stem for p in VENDORED])
def test_predicted_classes_and_fields_are_the_generated_ones(spec: Path) -> None:
    models = REPO / "generated" / _package_of(spec) / "models"
    assert models.is_dir(), f"{models} not generated"
    actual = {
        name.rsplit(".", 1)[-1]: {f for f in fields if f != "additional_properties"}
        for name, fields in read_surface(models).classes.items()
    }
    predicted = generated_symbols(_generated(spec).doc).classes
    assert set(predicted) == set(actual)
    for name, (_pointer, fields) in predicted.items():
        if fields:  # a model: its fields; an enum's members are not fields
            assert set(fields) == actual[name], name


def test_naming_follows_openapi_python_client() -> None:
    assert class_name("PublicWhatsAppTemplateMetadata") == "PublicWhatsAppTemplateMetadata"
    assert class_name("list_channel_accounts") + class_name("deliveryIdentifierType") + "Item" == (
        "ListChannelAccountsDeliveryIdentifierTypeItem"
    )
    assert [field_name(n) for n in ("type", "next", "id", "channelLogoUrl")] == [
        "type_",
        "next_",
        "id",
        "channel_logo_url",
    ]


def test_the_facade_modules_that_touch_generated_code_are_read() -> None:
    usage = facade_usage(REPO / "facade" / "hubspot_channels", PACKAGES)
    assert "_adapter.py" in usage.modules
    # Class names looked up by string, fields read as attributes or with getattr.
    assert {
        "PublicChannelIntegrationChannelCreate",
        "channel_description",
        "type_",
        "sender_field",
    } <= usage.names


def test_only_modules_importing_a_generated_package_count(tmp_path: Path) -> None:
    (tmp_path / "generated" / "client_a").mkdir(parents=True)
    (tmp_path / "generated" / "client_a" / "__init__.py").write_text("")
    facade = tmp_path / "facade"
    (facade / "sub").mkdir(parents=True)
    (facade / "uses.py").write_text("from client_a.models import Widget\n\ndef f(w):\n    return w.colour\n")
    (facade / "sub" / "lazy.py").write_text("import importlib\nm = importlib.import_module('client_a.api')\n")
    (facade / "other.py").write_text("def g(x):\n    return x.unrelated\n")
    packages = generated_package_names(tmp_path)
    assert packages == ("client_a",)
    usage = facade_usage(facade, packages)
    assert set(usage.modules) == {"uses.py", "sub/lazy.py"}
    assert {"Widget", "colour"} <= usage.names and "unrelated" not in usage.names


def _renamed(doc: dict, schema: str, old: str, new: str) -> dict:  # type: ignore[type-arg]
    doc = copy.deepcopy(doc)
    properties = doc["components"]["schemas"][schema]["properties"]
    properties[new] = properties.pop(old)
    return doc


def test_a_renamed_field_the_adapter_reads_is_a_codegen_change() -> None:
    doc = json.loads((REPO / "openapi" / "custom-channels-2026-03.json").read_text())
    usage = facade_usage(REPO / "facade" / "hubspot_channels", PACKAGES)
    old = ci_api_diff.as_generated(Spec("old", b"", doc)).doc
    new = ci_api_diff.as_generated(
        Spec("new", b"", _renamed(doc, "PublicChannelIntegrationChannel", "channelDescription", "about"))
    ).doc
    (finding,) = codegen_findings(old, new, usage)
    assert (finding.rule, finding.old) == (
        "codegen-symbol-removed",
        "PublicChannelIntegrationChannel.channel_description",
    )
    assert (
        finding.pointer
        == "#/components/schemas/PublicChannelIntegrationChannel/properties/channelDescription"
    )
    # A field nobody reads may go.
    fields = generated_symbols(old).classes["PublicChannelIntegrationChannel"][1]
    unused = next(f for f in fields if f not in usage.names) if set(fields) - usage.names else None
    if unused is not None:
        prop = fields[unused].rsplit("/", 1)[-1]
        quiet = ci_api_diff.as_generated(
            Spec("new", b"", _renamed(doc, "PublicChannelIntegrationChannel", prop, prop + "X"))
        ).doc
        assert codegen_findings(old, quiet, usage) == []


def test_a_renamed_model_blocks_check_upstream_unless_accepted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    published = json.loads((SPECS / "2026-03.json").read_text())
    text = json.dumps(published).replace("PublicChannelIntegrationChannelCreate", "ChannelCreateRequest")
    path = tmp_path / "published.json"
    path.write_text(text)
    args = ["--repo", str(REPO), "check-upstream", "--spec", "openapi/custom-channels-2026-03.json"]
    # Wire-identical (only a component name changed), yet the adapter's lookup by name would fail.
    assert ci_api_diff.main([*args, "--published", str(path), "--fail-on", "breaking"]) == 1
    out = capsys.readouterr().out
    assert (
        "BLOCKING: [codegen-symbol-removed] #/components/schemas/PublicChannelIntegrationChannelCreate" in out
    )


def test_an_accepted_codegen_change_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    (repo / "openapi").mkdir(parents=True)
    (repo / "facade").symlink_to(REPO / "facade")
    (repo / "generated").symlink_to(REPO / "generated")
    spec = "openapi/custom-channels-2026-03.json"
    (repo / spec).write_bytes((REPO / spec).read_bytes())
    published = tmp_path / "published.json"
    published.write_text(
        (SPECS / "2026-03.json")
        .read_text()
        .replace("PublicChannelIntegrationChannelCreate", "ChannelCreateRequest")
    )
    pointer = "#/components/schemas/PublicChannelIntegrationChannelCreate"
    entry = {"spec": spec, "rule": "codegen-symbol-removed", "pointer": pointer, "reason": "adapter updated"}
    (repo / ci_api_diff.ACCEPTED_FILE).write_text(json.dumps({"accepted": [entry]}))
    args = ["--repo", str(repo), "check-upstream", "--spec", spec, "--published", str(published)]
    assert ci_api_diff.main([*args, "--fail-on", "breaking"]) == 0
    assert f"accepted: [codegen-symbol-removed] {pointer}: adapter updated" in capsys.readouterr().out
