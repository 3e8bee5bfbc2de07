"""Operability adapters: structured logs, Prometheus metrics and OpenTelemetry tracing.

Nothing here is imported by the domain or the application: the composition root
wraps the application's handlers, the engines and the ASGI app with what lives here.
"""
