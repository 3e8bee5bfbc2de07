"""Use cases: commands and queries with their handlers, and the ports they talk through."""
