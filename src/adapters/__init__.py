"""Adapters: PostgreSQL, HTTP, CLI and the composition root that wires them."""
