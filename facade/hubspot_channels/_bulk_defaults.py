"""The bulk runner's defaults, apart from the runner: the resources' signatures need them when they load, the
runner (``_bulk``, with its threads and signal handling) only at the first bulk call."""

DEFAULT_CONCURRENCY = 8
