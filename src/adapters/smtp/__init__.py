"""Mail out over SMTP."""
