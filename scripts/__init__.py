"""The repo's tooling, one package with one entry point: ``python -m scripts <command>`` (see ``__main__``)."""
