"""Site handling: every site, every common spelling, and a clear refusal otherwise."""

from __future__ import annotations

import pytest

from datadog_incidents_mcp.datadog import SITES, DatadogClient, UnknownSiteError, normalize_site


@pytest.mark.parametrize(
    ("given", "site"),
    [
        ("datadoghq.eu", "datadoghq.eu"),
        ("app.datadoghq.eu", "datadoghq.eu"),
        ("EU", "datadoghq.eu"),
        ("https://api.datadoghq.eu/", "datadoghq.eu"),
        ("us3", "us3.datadoghq.com"),
        ("US1-FED", "ddog-gov.com"),
        ("us2.ddog-gov.com", "us2.ddog-gov.com"),
        ("uk1.datadoghq.com", "uk1.datadoghq.com"),
        (" AP2 ", "ap2.datadoghq.com"),
    ],
)
def test_common_spellings_name_the_right_site(given: str, site: str) -> None:
    assert normalize_site(given) == site


def test_all_nine_sites_have_api_and_web_hosts() -> None:
    assert len(SITES) == 9
    eu = DatadogClient(api_key="k", app_key="a", site="EU")
    assert (eu.base_url, eu.web_url) == ("https://api.datadoghq.eu", "https://app.datadoghq.eu")
    gov = DatadogClient(api_key="k", app_key="a", site="us2.ddog-gov.com")
    assert gov.base_url == "https://api.us2.ddog-gov.com"
    assert gov.incident_url(12) == "https://us2.ddog-gov.com/incidents/12"


def test_an_unknown_site_is_refused_with_the_valid_list() -> None:
    with pytest.raises(UnknownSiteError) as caught:
        normalize_site("datadoghq.co")
    assert "datadoghq.co'" in str(caught.value)
    assert all(site in str(caught.value) for site in SITES)


def test_the_client_never_shows_its_keys() -> None:
    dd = DatadogClient(api_key="secret-api-1234", app_key="secret-app-5678")
    assert "secret" not in repr(dd) and "secret" not in str(vars(dd))


def test_a_client_without_a_web_app_gives_no_incident_links() -> None:
    sandboxed = DatadogClient(api_key="k", app_key="a", base_url="http://127.0.0.1:1", web_url="")
    assert sandboxed.incident_url(12) is None
    assert (
        DatadogClient(api_key="k", app_key="a", site="EU").incident_url(12)
        == "https://app.datadoghq.eu/incidents/12"
    )
