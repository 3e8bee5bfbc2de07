"""Queries: questions answered from read models (or, for an employer's own data, the write side)."""
