"""Country names as search engines read them: Google for Jobs wants a country's name in
``applicantLocationRequirements`` (it accepts the alpha-2 code only in addresses)."""

from __future__ import annotations

from functools import cache

import pycountry


@cache
def country_name(code: str) -> str:
    """The common English name of an ISO 3166-1 alpha-2 code ("South Korea", not "Korea,
    Republic of"); the code itself for one the ISO list does not hold."""
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    name: str = getattr(country, "common_name", None) or country.name
    return name
