"""A company's website: an http(s) URL with a real host name, nothing a page could
mistake for markup. The board prints it in public pages and in JSON-LD ``sameAs``, so a
value such as ``http://x"><script>`` must never be taken."""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from domain.guards import require

MAX_LENGTH = 500
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
# RFC 3986 leaves these out of a URL; a browser or a template would read them as markup.
_UNSAFE = frozenset(' "<>\\^`{|}')


def _is_host_name(host: str) -> bool:
    try:
        # Non-ASCII names (IDN) are checked in the form DNS sees them.
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    labels = ascii_host.rstrip(".").split(".")
    return (
        len(ascii_host) <= 253
        and len(labels) >= 2
        and all(_LABEL.match(label) for label in labels)
        and not labels[-1].isdigit()
    )


def _is_ip_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _well_formed(url: str) -> bool:
    if len(url) > MAX_LENGTH or any(c in _UNSAFE or ord(c) < 0x21 or ord(c) == 0x7F for c in url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - reading it raises on a port that is not a number
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or parts.username is not None:
        return False
    host = parts.hostname
    return bool(host) and (_is_host_name(host or "") or _is_ip_address(host or ""))


def is_host_name(host: str) -> bool:
    """Whether ``host`` is a DNS name of at least two labels (not an address, no TLD of
    digits); an email address's domain is held to it too."""
    return _is_host_name(host)


def http_url(value: str, *, field: str) -> str:
    """``value`` trimmed; InvariantViolated naming ``field`` unless it is an http(s) URL with
    a host name and no credentials."""
    url = value.strip()
    require(
        _well_formed(url),
        f"{field} must be an http(s) URL with a host name, e.g. https://example.com",
        field=field,
    )
    return url


def website_url(value: str | None) -> str | None:
    """The website as given (trimmed), None for none; InvariantViolated naming ``website``
    unless it is an http(s) URL with a host name and no credentials."""
    if value is None or not value.strip():
        return None
    return http_url(value, field="website")
