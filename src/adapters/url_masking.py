"""Secrets hidden in URLs, for anything that shows a configured URL to a person.

A URL carries secrets in two places: its userinfo (``user:password@host``) and its query
(``?password=...``, ``?sslpassword=...``, ``?api_key=...``, a signed URL's ``signature``).
Both are replaced by ``***``; everything else is kept exactly as written, so the masked
URL still says which server, port, database and options are in use.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_plus, urlsplit, urlunsplit

MASK = "***"

# A query parameter is a secret when its name, lowercased with everything but letters and
# digits dropped, contains one of these; "key" alone (and keys such as "api_key",
# "private_key", "access_key") too, but not names that merely end in "key" by coincidence
# of another word ("sslkey" and "sslrootcert" name files, not secrets).
_SECRET_PARTS = (
    "password",
    "passwd",
    "passphrase",
    "pwd",
    "secret",
    "token",
    "apikey",
    "accesskey",
    "privatekey",
    "credential",
    "signature",
    "auth",
)
_SECRET_NAMES = frozenset({"key", "pass", "sig", "pw", "code"})
_NOT_LETTERS = re.compile(r"[^a-z0-9]")


def is_secret_parameter(name: str) -> bool:
    """Whether a query parameter of this name carries a secret."""
    squashed = _NOT_LETTERS.sub("", unquote_plus(name).lower())
    return squashed in _SECRET_NAMES or any(part in squashed for part in _SECRET_PARTS)


def looks_like_url(value: str) -> bool:
    return "://" in value


def mask_url(url: str) -> str:
    """The URL with its userinfo password and every secret query parameter hidden."""
    try:
        parts = urlsplit(url)
    except ValueError:  # unreadable (a bad IPv6 literal): show none of it
        return MASK
    netloc = parts.netloc
    userinfo, at, host = netloc.rpartition("@")
    if at and ":" in userinfo:
        netloc = f"{userinfo.split(':', 1)[0]}:{MASK}@{host}"
    query = "&".join(_mask_pair(pair) for pair in parts.query.split("&")) if parts.query else ""
    return urlunsplit(parts._replace(netloc=netloc, query=query))


def _mask_pair(pair: str) -> str:
    name, equals, _ = pair.partition("=")
    if equals and is_secret_parameter(name):
        return f"{name}={MASK}"
    return pair
