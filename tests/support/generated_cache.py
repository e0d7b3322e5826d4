"""One generator run per distinct input per test session, shared by the xdist workers.

The generator (``scripts.generate.generate_package``: openapi-python-client plus its ruff hooks, ~2 s of CPU)
is deterministic: the same normalized document, package name, config and templates give the same bytes
(``test_generating_twice_gives_byte_identical_trees`` holds it to that). So the first call with an input runs
the real generator into a folder shared by the session's workers; every later call, in any worker, copies that
result. The cache lives under the session's temporary root: a new session generates afresh, so a changed
generator, template or rule is always exercised.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from scripts import generate
from scripts._spec_io import dump_json

GeneratePackage = Callable[[dict[str, Any], str, Path], str]
REAL_GENERATE_PACKAGE: GeneratePackage = generate.generate_package
OUTPUT_FILE = "generator-output.txt"
T = TypeVar("T")

try:
    import fcntl
except ImportError:  # no fcntl (Windows): two workers may both generate an input; the rename keeps one
    fcntl = None  # type: ignore[assignment]


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock across processes (the workers), so that each input is generated once."""
    if fcntl is None:
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _inputs_digest(document: dict[str, Any], package: str) -> str:
    """Everything the generator's output depends on that a test could vary: document, name, config, templates."""
    digest = hashlib.sha256()
    for part in (dump_json(document), package, generate.CONFIG.read_text()):
        digest.update(part.encode())
        digest.update(b"\0")
    for template in sorted(Path(generate.TEMPLATES).rglob("*")):
        if template.is_file():
            digest.update(
                str(template.relative_to(generate.TEMPLATES)).encode() + b"\0" + template.read_bytes()
            )
    return digest.hexdigest()[:24]


class GeneratedCache:
    """``generate_package`` with the same signature and result, generating each distinct input once."""

    def __init__(self, root: Path, real: GeneratePackage = REAL_GENERATE_PACKAGE) -> None:
        self.root = root
        self.real = real
        root.mkdir(parents=True, exist_ok=True)

    def entry(self, document: dict[str, Any], package: str) -> Path:
        """The cached folder for this input (made by the real generator on first use): what generate_package
        leaves in dest (the package, normalized-openapi.json, generator-config.json) and its output."""
        entry = self.root / _inputs_digest(document, package)
        with locked(entry.with_suffix(".lock")):
            if not entry.is_dir():
                fresh = Path(tempfile.mkdtemp(prefix=entry.name + "-", dir=self.root))
                output = self.real(document, package, fresh)  # a GenerationError propagates, nothing cached
                (fresh / OUTPUT_FILE).write_text(output)
                os.replace(fresh, entry)
        return entry

    def generate_package(self, document: dict[str, Any], package: str, dest: Path) -> str:
        entry = self.entry(document, package)
        dest.mkdir(parents=True, exist_ok=True)
        for item in entry.iterdir():
            if item.name == OUTPUT_FILE:
                continue
            if item.is_dir():
                shutil.copytree(item, dest / item.name, dirs_exist_ok=True)
            else:
                shutil.copyfile(item, dest / item.name)
        return (entry / OUTPUT_FILE).read_text()

    def derived(self, document: dict[str, Any], package: str, name: str, compute: Callable[[Path], T]) -> T:
        """compute(the generated package), once per session for this input across the workers (pickled beside
        the package): for what depends on nothing but the package and the session's code (a conformance
        report). Never for a result a test changes by patching that code in process."""
        entry = self.entry(document, package)
        stored = entry.with_name(f"{entry.name}.{name}.pickle")
        with locked(stored.with_suffix(".lock")):
            if stored.is_file():
                result: T = pickle.loads(stored.read_bytes())
                return result
            result = compute(entry / package)
            stored.write_bytes(pickle.dumps(result))
            return result

    def package(self, document: dict[str, Any], package: str) -> Path:
        """The generated package itself, read in place (never write into it: other tests share it)."""
        return self.entry(document, package) / package


def normalized_publication(published: Path) -> dict[str, Any]:
    """A publication as vendoring and normalization make it (what generation starts from)."""
    from scripts.normalize import normalize
    from scripts.vendor_spec import blank_required_prose, strip_prose

    document = strip_prose(json.loads(published.read_bytes()))
    blank_required_prose(document)
    return normalize(document)
