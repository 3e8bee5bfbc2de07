"""A public posting as schema.org JobPosting JSON-LD: what Google for Jobs and
aggregators read. Field names and enumerations follow schema.org and Google's
structured-data guidelines for job postings."""

from __future__ import annotations

from typing import Any

from adapters.http.country_names import country_name
from adapters.http.job_description_html import description_html
from adapters.http.rendering import plain
from application.views import PostingDetail

EMPLOYMENT_TYPES = {
    "full_time": "FULL_TIME",
    "part_time": "PART_TIME",
    "contract": "CONTRACTOR",
    "temporary": "TEMPORARY",
    "internship": "INTERN",
}
UNIT_TEXT = {"hour": "HOUR", "day": "DAY", "month": "MONTH", "year": "YEAR"}


def _place(country: str, city: str | None) -> dict[str, Any]:
    # Google takes the ISO alpha-2 code in an address.
    address: dict[str, Any] = {"@type": "PostalAddress", "addressCountry": country}
    if city:
        address["addressLocality"] = city
    return {"@type": "Place", "address": address}


def _organization(posting: PostingDetail) -> dict[str, Any]:
    organization: dict[str, Any] = {"@type": "Organization", "name": posting.company.name}
    if posting.company_website:
        organization["sameAs"] = posting.company_website
    # No logo: the board keeps none for a company yet (schema.org `logo` goes here then).
    return organization


def applicant_countries(posting: PostingDetail) -> tuple[str, ...]:
    """Where applicants to a remote posting may live: the countries it names, else the
    countries of its locations (the domain lets no remote posting be published with
    neither)."""
    countries = posting.remote_countries or tuple(loc.country for loc in posting.locations)
    return tuple(dict.fromkeys(countries))


def _where(posting: PostingDetail) -> dict[str, Any]:
    where: dict[str, Any] = {}
    if posting.locations:
        where["jobLocation"] = [_place(loc.country, loc.city) for loc in posting.locations]
    # TELECOMMUTE is for fully remote jobs only; a hybrid job is marked up by its places.
    if posting.workplace == "remote":
        where["jobLocationType"] = "TELECOMMUTE"
        countries = applicant_countries(posting)
        if countries:
            where["applicantLocationRequirements"] = [
                {"@type": "Country", "name": country_name(code)} for code in countries
            ]
    return where


def job_posting(posting: PostingDetail, url: str | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": posting.title,
        "description": description_html(posting),
        "datePosted": posting.published_at.date().isoformat(),
        "validThrough": plain(posting.valid_through),
        "employmentType": EMPLOYMENT_TYPES[posting.employment_type],
        "hiringOrganization": _organization(posting),
        "identifier": {
            "@type": "PropertyValue",
            "name": posting.company.name,
            "value": str(posting.id),
        },
        # True exactly when candidates apply on the board itself, not at the employer's.
        "directApply": (posting.application_method or {}).get("kind") == "board",
    }
    if url:
        document["url"] = url
    document |= _where(posting)
    if posting.salary is not None:
        document["baseSalary"] = {
            "@type": "MonetaryAmount",
            "currency": posting.salary.currency,
            "value": {
                "@type": "QuantitativeValue",
                "minValue": plain(posting.salary.min),
                "maxValue": plain(posting.salary.max),
                "unitText": UNIT_TEXT[posting.salary.period],
            },
        }
    years = [r.min_years for r in posting.requirements if r.min_years and r.importance == "must"]
    if years:
        document["experienceRequirements"] = {
            "@type": "OccupationalExperienceRequirements",
            "monthsOfExperience": 12 * max(years),
        }
    if posting.requirements:
        document["skills"] = [r.name for r in posting.requirements]
    if posting.responsibilities:
        document["responsibilities"] = "\n".join(posting.responsibilities)
    benefits = [*posting.benefits, *filter(None, [posting.benefits_description])]
    if benefits:
        document["jobBenefits"] = "\n".join(benefits)
    eligibility = ELIGIBILITY.get(posting.visa_sponsorship)
    if eligibility:
        # schema.org's text for who may be hired: said only when the employer said it.
        document["eligibilityToWorkRequirement"] = eligibility
    return document


ELIGIBILITY = {
    "yes": "The employer sponsors a work visa for a candidate who needs one.",
    "no": "The employer does not sponsor work visas: candidates must already be "
    "authorized to work where the job is.",
}
