"""Side-by-side benchmark of HubSpot clients for the message status update (``make bench``)."""
