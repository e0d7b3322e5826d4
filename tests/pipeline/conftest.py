"""The pipeline tier: vendoring, normalization, generation, conformance, bump.

Generation is the tier's cost (openapi-python-client, ~2 s of CPU a run), and the same inputs recur: the
history's 43 publications normalize to fewer distinct documents, and ``generate --check`` rebuilds the same
versions for several tests. Every generation in this tier's process goes through one session cache
(tests/support/generated_cache.py): each distinct input is generated once per session, by the real generator,
shared by the xdist workers. Subprocesses (the bump tests' copies of the repo) generate for themselves.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from scripts import generate
from tests.support.generated_cache import GeneratedCache


@pytest.fixture(scope="session")
def generated_cache(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> GeneratedCache:
    """The session's generator cache, in the temporary root all xdist workers of the session share."""
    root = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):
        root = root.parent  # .../pytest-N/popen-gwK -> .../pytest-N: the same for every worker
    return GeneratedCache(root / "generated-cache")


@pytest.fixture(scope="session", autouse=True)
def generate_through_the_cache(generated_cache: GeneratedCache) -> Iterator[None]:
    """``generate.main`` and ``generate.build`` (check-generated, bump in process) use the cache too."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generate, "generate_package", generated_cache.generate_package)
        yield
