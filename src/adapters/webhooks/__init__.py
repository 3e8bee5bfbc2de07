"""Signed webhooks' adapters: sealing secrets, resolving hosts, sending over HTTP."""
