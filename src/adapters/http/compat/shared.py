"""What both ATS shapes say alike: a location's name, the description as plain text."""

from __future__ import annotations

import re
from html import unescape

from adapters.http.country_names import country_name
from application.views import LocationView, PostingDetail

COMMITMENTS = {
    "full_time": "Full-time",
    "part_time": "Part-time",
    "contract": "Contract",
    "temporary": "Temporary",
    "internship": "Internship",
}


def place_name(location: LocationView) -> str:
    country = country_name(location.country)
    return f"{location.city}, {country}" if location.city else country


def all_places(posting: PostingDetail) -> list[str]:
    places = [place_name(loc) for loc in posting.locations]
    if posting.workplace == "remote":
        where = ", ".join(country_name(c) for c in posting.remote_countries) or "anywhere"
        places.append(f"Remote ({where})")
    return list(dict.fromkeys(places))


def location_name(posting: PostingDetail) -> str:
    return "; ".join(all_places(posting))


_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"</p>|<br>|</li>|</ul>")


def plain_text(html: str) -> str:
    """Markup we wrote ourselves (escaped text in p, br, ul and li) back to text."""
    text = _BREAK.sub("\n", html).replace("<li>", "- ")
    lines = (unescape(_TAG.sub("", line)).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
