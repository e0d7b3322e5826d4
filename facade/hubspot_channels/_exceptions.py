class HubSpotChannelsError(Exception):
    """Base of every error this package raises."""
