"""The notify service's routers."""
