"""A company website is a well-formed http(s) URL with a host: nothing markup can hide in."""

from __future__ import annotations

import pytest

from domain.errors import InvariantViolated
from domain.web_address import website_url


@pytest.mark.parametrize(
    "website",
    [
        "https://acme.example",
        "http://acme.example:8080/jobs",
        "https://jobs.acme.example/careers?lang=en&team=backend#open",
        "https://bücher.example/karriere",
        "https://203.0.113.7/",
        "https://acme.example/a%20b",
    ],
)
def test_a_well_formed_http_url_with_a_host_is_a_website(website: str) -> None:
    assert website_url(website) == website


@pytest.mark.parametrize(
    "website",
    [
        'http://x"><script>',
        'http://x"><script>alert(1)</script>',
        "https://acme.example/<script>alert(1)</script>",
        "https://acme.example/\"onmouseover='alert(1)'",
        "https://acme example.com",
        "https://acme.example/\njobs",
        "https://user:secret@acme.example",
        "https://acme.example:port/",
        "https://localhost",
        "https://-acme.example",
        "https://acme..example",
        "https://1.2.3.999",
        "http://[not-an-ip]/",
    ],
)
def test_a_url_that_could_carry_markup_or_has_no_real_host_is_refused(website: str) -> None:
    with pytest.raises(InvariantViolated) as error:
        website_url(website)

    assert error.value.field == "website"
