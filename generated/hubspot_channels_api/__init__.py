"""Generated low-level clients, one subpackage per API version (openapi/registry.json lists them).

Written by ``python -m scripts generate``: do not edit. Only ``hubspot_channels``'s adapter modules import these.
"""
