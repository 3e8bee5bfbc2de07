"""An email address the board can show and write to: one mailbox, ``local@domain``, in the
dot-atom form of RFC 5322 (no quoted local parts, no comments, no display name), with a
real DNS host name as its domain. Anything else a mail client could read as two
addresses, or a page as markup, is refused."""

from __future__ import annotations

import re

from domain.guards import require
from domain.web_address import is_host_name

# RFC 5321: a path of at most 256 octets with its brackets, so 254 for the address; a
# local part of at most 64.
MAX_LENGTH = 254
MAX_LOCAL_LENGTH = 64
# RFC 5322 atext, the characters a dot-atom local part may hold (no quotes, no brackets).
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LOCAL = re.compile(rf"^{_ATOM}(?:\.{_ATOM})*$")


def _well_formed(address: str) -> bool:
    if len(address) > MAX_LENGTH or address.count("@") != 1:
        return False
    local, domain = address.split("@")
    return (
        0 < len(local) <= MAX_LOCAL_LENGTH
        and _LOCAL.match(local) is not None
        and not domain.endswith(".")
        and is_host_name(domain.lower())
    )


def email_address(value: str, *, field: str) -> str:
    """``value`` trimmed, its domain in lower case (domains are case-blind; a local part
    may not be); InvariantViolated naming ``field`` unless it is one such address."""
    address = value.strip()
    require(
        _well_formed(address),
        f"{field} must be an email address, e.g. jobs@example.com",
        field=field,
    )
    local, domain = address.split("@")
    return f"{local}@{domain.lower()}"
