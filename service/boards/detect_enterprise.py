"""Detection of the enterprise boards: their URL forms and their careers-page fingerprints.

`board_token` recognises a board from the parts of a URL (host, path segments, query):
SuccessFactors' own ``jobs.sap.com`` and any Career Site Builder's ``/sitemal.xml`` feed,
iCIMS portals ``{prefix}-{tenant}.icims.com`` and Oracle Recruiting Cloud's
``*.oraclecloud.com/hcmUI/CandidateExperience/{lang}/sites/{site}`` (and its REST API).
`site_token` recognises a board served on the employer's own domain from its page: Career Site
Builder markup (``jobTitle-link``, ``/tile-search-results/``, ``/platform/bootstrap/``) and
iCIMS Career Sites (``jibecdn.com`` assets or an ``/api/jobs`` endpoint, with "icims"). A
Career Site Builder board is read through its feed unless the URL given is its search page
(token ``host/search``: some tenants have no feed). Pure.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SF_HOSTS = frozenset({"jobs.sap.com"})
_SF_MARKERS = re.compile(
    r"""class=["'][^"']*\bjobTitle-link\b|/tile-search-results/|/platform/bootstrap/""", re.I
)
# Portals are ``{prefix}-{tenant}.icims.com``; hyphen-less subdomains are iCIMS's own sites.
_ICIMS_HOST = re.compile(r"^[a-z0-9]+-[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.icims\.com$")
_ICIMS_SITE_MARKERS = re.compile(r"""jibecdn\.com|icims\s*career\s*sites|["']/api/jobs["']""", re.I)
_ORACLE_HOST = re.compile(r"^[a-z0-9-]+\.fa(?:\.[a-z0-9-]+)?\.(?:ocs\.)?oraclecloud\.com$")
_ORACLE_SITE = re.compile(r"""siteNumber\s*[=:]\s*["']?([A-Za-z0-9_]+)""")
_SITE = re.compile(r"^[A-Za-z0-9_]+$")


def _oracle(host: str, segments: list[str], query: dict[str, list[str]]) -> str | None:
    """``host/site`` of a Candidate Experience page or of the requisitions API."""
    if not _ORACLE_HOST.match(host):
        return None
    if "sites" in segments and "CandidateExperience" in segments:
        at = segments.index("sites")
        site = segments[at + 1] if at + 1 < len(segments) else None
        return f"{host}/{site}" if site and _SITE.match(site) else None
    finder = " ".join(query.get("finder", []))
    found = _ORACLE_SITE.search(finder)
    return f"{host}/{found[1]}" if found else None


def _icims(host: str) -> str | None:
    """The portal host ``{prefix}-{tenant}.icims.com`` itself."""
    return host if _ICIMS_HOST.match(host) else None


def board_token(
    host: str, segments: list[str], query: dict[str, list[str]]
) -> tuple[str, str] | None:
    """(ats, token) when the URL parts are one of the enterprise boards' URL forms."""
    host = host.lower()
    if segments == ["sitemal.xml"]:  # Career Site Builder's own (misspelt) feed name
        return "successfactors", f"{host}/sitemal.xml"
    if host in _SF_HOSTS:
        return "successfactors", f"{host}/search" if segments[:1] == ["search"] else host
    icims = _icims(host)
    if icims:
        return "icims", icims
    oracle = _oracle(host, segments, query)
    return ("oracle", oracle) if oracle else None


def site_token(address: str, page_html: str) -> tuple[str, str] | None:
    """(ats, token) for a board the careers page at ``address`` serves on its own domain."""
    host = (urlsplit(address).hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    if _SF_MARKERS.search(page_html):
        path = urlsplit(address).path
        searching = path.startswith(("/search", "/tile-search-results"))
        return "successfactors", f"{host}/search" if searching else host
    if _ICIMS_SITE_MARKERS.search(page_html) and "icims" in page_html.lower():
        return "icims", host
    return None
