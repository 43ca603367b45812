"""Datadog sites: which API host and web host belong to each.

Users name their site in many ways (`datadoghq.eu`, `app.datadoghq.eu`, `EU`,
`https://api.datadoghq.eu`); a wrong site is the most common reason a Datadog
integration answers 403, so every form is normalised here and anything unknown
is refused with the list of valid sites.
"""

from __future__ import annotations

from typing import Final

# site -> (region code, web host)
SITES: Final[dict[str, tuple[str, str]]] = {
    "datadoghq.com": ("US1", "app.datadoghq.com"),
    "us3.datadoghq.com": ("US3", "us3.datadoghq.com"),
    "us5.datadoghq.com": ("US5", "us5.datadoghq.com"),
    "datadoghq.eu": ("EU1", "app.datadoghq.eu"),
    "ap1.datadoghq.com": ("AP1", "ap1.datadoghq.com"),
    "ap2.datadoghq.com": ("AP2", "ap2.datadoghq.com"),
    "ddog-gov.com": ("US1-FED", "app.ddog-gov.com"),
    "us2.ddog-gov.com": ("US2-FED", "us2.ddog-gov.com"),
    "uk1.datadoghq.com": ("UK1", "uk1.datadoghq.com"),
}
DEFAULT_SITE: Final = "datadoghq.com"

_ALIASES: Final[dict[str, str]] = {
    **{region.lower(): site for site, (region, _) in SITES.items()},
    "us": "datadoghq.com",
    "eu": "datadoghq.eu",
    "gov": "ddog-gov.com",
    "us-fed": "ddog-gov.com",
    "uk": "uk1.datadoghq.com",
}


class UnknownSiteError(ValueError):
    """The site is not one of Datadog's sites."""


def normalize_site(value: str) -> str:
    """Return the canonical site for any common spelling, or raise UnknownSiteError."""
    text = value.strip().lower()
    text = text.removeprefix("https://").removeprefix("http://").split("/", 1)[0]
    if text in SITES:
        return text
    if text in _ALIASES:
        return _ALIASES[text]
    for prefix in ("api.", "app."):
        if text.startswith(prefix) and text[len(prefix) :] in SITES:
            return text[len(prefix) :]
    valid = ", ".join(f"{site} ({region})" for site, (region, _) in SITES.items())
    raise UnknownSiteError(f"unknown Datadog site {value!r}; valid sites: {valid}")


def api_base_url(site: str) -> str:
    """The API root for a canonical site."""
    return f"https://api.{site}"


def web_base_url(site: str) -> str:
    """The web app root for a canonical site, for links a person can open."""
    return f"https://{SITES[site][1]}"
