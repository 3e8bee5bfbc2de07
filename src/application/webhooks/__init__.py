"""Signed webhooks: endpoints employers and admins register, and their delivery log."""
