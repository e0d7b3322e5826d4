"""`python -m hubspot_channels.cli`, the same as the `hubspot-channels` console script."""

from . import main

if __name__ == "__main__":
    main()
