"""Oracle Recruiting Cloud: the Candidate Experience's public requisitions JSON.

The token is ``"{host}/{site}"`` (``"ejov.fa.ca2.oraclecloud.com/CX"``; the site number is not
always ``CX_n``: ``ULSolutionsCareers``). The list is ``GET {host}/hcmRestApi/resources/latest/
recruitingCEJobRequisitions?onlyData=true&expand=requisitionList.secondaryLocations&finder=
findReqs;siteNumber={site},limit=100,offset={k},sortBy=POSTING_DATES_DESC`` (without the
``expand`` the list is empty; ``limit``/``offset`` go before ``sortBy``). Its outer ``count`` is
the search wrapper's (1): paging follows ``items[0].TotalJobsCount``, moving ``offset`` on by
the limit until it reaches the total (pages may come back short mid-run); without a total it
goes on while pages come back full.

``external_id`` is ``Id``; ``url`` is ``{host}/hcmUI/CandidateExperience/en/sites/{site}/job/
{Id}``; ``location`` is ``PrimaryLocation`` then each ``secondaryLocations[].Name``, joined with
" | "; ``remote`` is ``WorkplaceTypeCode`` (``ORA_REMOTE`` true, on-site and hybrid false), else
clear wording; ``posted_at`` is ``PostedDate``. The list's text is a teaser (often empty), so
``detail_request`` names ``recruitingCEJobRequisitionDetails?expand=all&onlyData=true&finder=
ById;Id="{id}",siteNumber={site}``, whose one item reads as the posting with its description
(``ExternalDescriptionStr``, ``ExternalResponsibilitiesStr``, ``ExternalQualificationsStr``),
``JobSchedule`` and ``Department``/``JobFunction``. A requisition without ``Id`` or ``Title`` is
skipped; a repeated ``Id`` keeps its first. Any other shape raises ``ReadError``.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit

from service.boards.base import Page, PageRequest, Paging, Posting, Reader, ReadError, infer_remote
from service.boards.readers._json import check_url, json_kind, json_objects, json_text, load_json
from service.boards.text import html_to_text, iso_datetime

NAME = "oracle"
PAGE_SIZE = 100
_API = "/hcmRestApi/resources/latest/"
_LIST = (
    _API + "recruitingCEJobRequisitions?onlyData=true&expand=requisitionList.secondaryLocations"
    "&finder=findReqs;siteNumber={site},limit={limit},offset={offset},sortBy=POSTING_DATES_DESC"
)
_DETAIL = (
    _API + "recruitingCEJobRequisitionDetails?expand=all&onlyData=true"
    "&finder=ById;Id=%22{id}%22,siteNumber={site}"
)
_JOB_PAGE = "{base}/hcmUI/CandidateExperience/en/sites/{site}/job/{id}"
_TOKEN = re.compile(r"^(?P<host>[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)/(?P<site>[A-Za-z0-9_]+)$")
_FINDER = re.compile(r"\b(siteNumber|limit|offset)=([^,;&]*)")
_REMOTE_CODES = {"ORA_REMOTE": True, "ORA_ON_SITE": False, "ORA_HYBRID": False}
_BODY_FIELDS = (
    "ExternalDescriptionStr",
    "ExternalResponsibilitiesStr",
    "ExternalQualificationsStr",
)


def first_request(token: str) -> PageRequest:
    """The first page of ``"host/site"``; ValueError for another shape."""
    text = token.strip().strip("/")
    host, _, site = text.partition("/")
    match = _TOKEN.match(f"{host.lower()}/{site}")
    if match is None:
        raise ValueError(
            f"{NAME}: expected a token like 'acme.fa.us2.oraclecloud.com/CX_1', got {token!r}"
        )
    path = _LIST.format(site=match["site"], limit=PAGE_SIZE, offset=0)
    return PageRequest(url=f"https://{match['host']}{path}")


def _finder(url: str) -> dict[str, str]:
    """``siteNumber``, ``limit`` and ``offset`` from the finder in ``url``'s query."""
    return {k: v.strip('"') for k, v in _FINDER.findall(unquote(urlsplit(url).query))}


def _number(text: str | None, default: int) -> int:
    """A small non-negative integer from text, else ``default``."""
    return int(text) if text and text.isascii() and text.isdigit() and len(text) < 9 else default


def _base(url: str) -> str:
    """``scheme://host[:port]`` of ``url``."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def _site(url: str) -> str:
    """The site number in ``url``; ReadError without one (no job link can be made)."""
    site = _finder(url).get("siteNumber", "")
    if not re.fullmatch(r"[A-Za-z0-9_]+", site):
        raise ReadError(f"{NAME}: the request URL names no siteNumber: {url!r}")
    return site


def _location(job: dict[str, Any]) -> str | None:
    """``PrimaryLocation`` and each secondary location's ``Name``, each once."""
    names = [json_text(job.get("PrimaryLocation"))]
    extra = job.get("secondaryLocations")
    if isinstance(extra, list):
        names += [json_text(p.get("Name")) for p in extra if isinstance(p, dict)]
    return " | ".join(dict.fromkeys(n for n in names if n)) or None


def _remote(job: dict[str, Any], location: str | None) -> bool | None:
    """``WorkplaceTypeCode`` when it is one Oracle defines, else clear wording."""
    code = json_text(job.get("WorkplaceTypeCode"))
    if code in _REMOTE_CODES:
        return _REMOTE_CODES[code]
    return infer_remote(json_text(job.get("WorkplaceType")), location)


def _description(job: dict[str, Any]) -> str | None:
    """The detail's external description, responsibilities and qualifications as text."""
    parts = [html_to_text(v) for v in map(job.get, _BODY_FIELDS) if isinstance(v, str)]
    return "\n\n".join(p for p in parts if p) or None


def _posting(job: dict[str, Any], base: str, site: str, *, detail: bool) -> Posting | None:
    """One requisition, or None without ``Id`` or ``Title``."""
    job_id, title = json_text(job.get("Id")), json_text(job.get("Title"))
    if not job_id or not title:
        return None
    location = _location(job)
    department = json_text(job.get("Department")) or json_text(job.get("JobFunction"))
    posted = job.get("PostedDate") or job.get("ExternalPostedStartDate")
    return Posting(
        external_id=job_id,
        title=title,
        url=_JOB_PAGE.format(base=base, site=quote(site), id=quote(job_id, safe="")),
        ats=NAME,
        location=location,
        remote=_remote(job, location),
        department=department,
        employment_type=json_text(job.get("JobSchedule")),
        posted_at=iso_datetime(posted),
        description_text=_description(job) if detail else None,
    )


def _next_request(url: str, total: object, count: int) -> PageRequest | None:
    """The page after the one at ``url``, while the total says more remain."""
    finder = _finder(url)
    offset, limit = _number(finder.get("offset"), 0), _number(finder.get("limit"), PAGE_SIZE)
    following = offset + max(limit, 1)
    if isinstance(total, int) and not isinstance(total, bool):
        if following >= total:
            return None
    elif count < limit:
        return None
    return PageRequest(url=url.replace(f"offset={offset}", f"offset={following}", 1))


def _items(data: Any) -> list[dict[str, Any]]:
    """The response's ``items`` objects; ReadError for another shape."""
    items = data.get("items") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ReadError(f"{NAME}: expected an object with an 'items' list, got {json_kind(data)}")
    return list(json_objects(items, f"{NAME}: items"))


def read(body: bytes, *, url: str) -> Page:
    """Postings of one requisitions page (or one requisition detail) fetched from ``url``."""
    check_url(url, NAME)
    items = _items(load_json(body, NAME))
    base, site = _base(url), _site(url)
    search = next((i for i in items if isinstance(i.get("requisitionList"), list)), None)
    if search is None:
        found = (_posting(item, base, site, detail=True) for item in items)
        return Page([p for p in found if p is not None][:1])
    jobs = search["requisitionList"]
    postings: dict[str, Posting] = {}
    for job in json_objects(jobs, f"{NAME}: requisitionList"):
        posting = _posting(job, base, site, detail=False)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    total = search.get("TotalJobsCount")
    return Page(list(postings.values()), _next_request(url, total, len(jobs)))


def detail_request(posting: Posting, url: str) -> PageRequest | None:
    """The requisition-details GET of a listed posting (the list's text is a teaser)."""
    site = _finder(url).get("siteNumber", "")
    if not site or not urlsplit(url).netloc:
        return None
    path = _DETAIL.format(id=quote(posting.external_id, safe=""), site=site)
    return PageRequest(url=_base(url) + path)


READER = Reader(NAME, read, first_request, Paging.NEXT_REQUEST, detail_request)
