"""The `jobboard` command line."""
