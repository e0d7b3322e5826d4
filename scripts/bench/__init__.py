"""Side-by-side benchmark of HubSpot clients for the message status update (``python -m scripts bench``)."""

from ._cli import main

__all__ = ["main"]
