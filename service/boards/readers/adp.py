"""ADP Workforce Now: a career center's public ``job-requisitions`` JSON, with a detail request.

The token is ``"cid"`` or ``"cid/ccId"`` from the career center URL
``https://workforcenow.adp.com/mascsr/default/mdf/recruitment/recruitment.html?cid={GUID}&ccId=…``,
with ``cloud/`` in front for a tenant on ``workforcenow.cloud.adp.com`` (a tenant answers on one
host only). The list is ``GET /mascsr/default/careercenter/public/events/staffing/v1/
job-requisitions?cid=…&ccId=…&locale=en_US&$top=20&$skip=N`` →
``{meta: {startSequence, totalNumber}, jobRequisitions: [...]}``; paging goes on while ``$skip +
len(jobRequisitions) < totalNumber``. The list has no description: each requisition's
``…/job-requisitions/{itemID}?cid=…`` (its detail request) has ``requisitionDescription``.

``external_id`` is ``itemID``; ``title`` is ``requisitionTitle``; ``url`` is the career center
page of the job (``recruitment.html?cid=…&ccId=…&jobId={itemID}``); ``location`` joins the
``requisitionLocations`` names (ADP sends " US" with a leading space) with " | ";
``department`` is the first ``organizationalUnits`` name; ``posted_at`` is ``postDate``. A
requisition without id or title is skipped; a repeated id keeps its first.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from service.boards.base import Page, PageRequest, Paging, Posting, Reader, ReadError, infer_remote
from service.boards.pages import check_body
from service.boards.readers._json import check_url, json_kind, json_objects, json_text, load_json
from service.boards.text import html_to_text, iso_datetime

NAME = "adp"
PAGE_SIZE = 20
HOSTS = {"": "workforcenow.adp.com", "cloud": "workforcenow.cloud.adp.com"}
API_PATH = "/mascsr/default/careercenter/public/events/staffing/v1/job-requisitions"
PORTAL_PATH = "/mascsr/default/mdf/recruitment/recruitment.html"
_CID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_CC_ID = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")
_ITEM_ID = re.compile(r"^[A-Za-z0-9_.-]{1,60}$")


def board_parts(token: str) -> tuple[str, str, str] | None:
    """``(host, cid, ccId)`` of a token (ccId may be ""), or None when it is not one."""
    parts = token.strip().strip("/").split("/")
    where = parts.pop(0).lower() if parts and parts[0].lower() == "cloud" else ""
    if not 1 <= len(parts) <= 2 or not _CID.match(parts[0]):
        return None
    cc_id = parts[1] if len(parts) == 2 else ""
    if cc_id and not _CC_ID.match(cc_id):
        return None
    return HOSTS[where], parts[0].lower(), cc_id


def _ids(cid: str, cc_id: str) -> dict[str, str]:
    return {"cid": cid, "ccId": cc_id} if cc_id else {"cid": cid}


def _list_request(origin: str, cid: str, cc_id: str, skip: int) -> PageRequest:
    query = {**_ids(cid, cc_id), "locale": "en_US", "$top": str(PAGE_SIZE), "$skip": str(skip)}
    return PageRequest(f"{origin}{API_PATH}?{urlencode(query, safe='$')}")


def first_request(token: str) -> PageRequest:
    """The first requisitions page of a career center ``[cloud/]cid[/ccId]``."""
    parts = board_parts(token)
    if parts is None:
        raise ValueError(
            f"{NAME}: expected the cid (and ccId) of a career center URL like "
            f"'https://workforcenow.adp.com{PORTAL_PATH}?cid=GUID&ccId=…', as 'cid/ccId', "
            f"got {token!r}"
        )
    host, cid, cc_id = parts
    return _list_request(f"https://{host}", cid, cc_id, 0)


def _names(values: object, key: str = "nameCode") -> list[str]:
    """The ``{key}.shortName`` of each object of a list, trimmed."""
    names = []
    for value in values if isinstance(values, list) else []:
        code = value.get(key) if isinstance(value, dict) else None
        name = json_text(code.get("shortName")) if isinstance(code, dict) else None
        if name:
            names.append(name)
    return list(dict.fromkeys(names))


def _posting(item: dict[str, Any], origin: str, cid: str, cc_id: str) -> Posting | None:
    """One requisition as a Posting, or None without id or title."""
    item_id, title = json_text(item.get("itemID")), json_text(item.get("requisitionTitle"))
    if not item_id or not _ITEM_ID.match(item_id) or not title:
        return None
    location = " | ".join(_names(item.get("requisitionLocations"))) or None
    query = urlencode({**_ids(cid, cc_id), "jobId": item_id, "lang": "en_US"})
    description = item.get("requisitionDescription")
    return Posting(
        external_id=item_id,
        title=title,
        url=f"{origin}{PORTAL_PATH}?{query}",
        ats=NAME,
        location=location,
        remote=infer_remote(location),
        department=next(iter(_names(item.get("organizationalUnits"))), None),
        posted_at=iso_datetime(item.get("postDate")),
        description_text=html_to_text(description) if isinstance(description, str) else None,
    )


def _number(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def read(body: bytes, *, url: str) -> Page:
    """Postings of one requisitions page (or one requisition's detail) from ``url``."""
    check_body(body, NAME)
    check_url(url, NAME)
    data = load_json(body, NAME)
    if not isinstance(data, dict) or not isinstance(data.get("jobRequisitions"), list):
        raise ReadError(
            f"{NAME}: expected an object with a 'jobRequisitions' list, got {json_kind(data)}"
        )
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    cid, cc_id = query.get("cid", ""), query.get("ccId", "")
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else f"https://{HOSTS['']}"
    items = data["jobRequisitions"]
    postings: dict[str, Posting] = {}
    for item in json_objects(items, f"{NAME}: jobRequisitions"):
        posting = _posting(item, origin, cid, cc_id)
        if posting is not None:
            postings.setdefault(posting.external_id, posting)
    meta = data.get("meta")
    total = _number(meta.get("totalNumber")) if isinstance(meta, dict) else None
    skip = query.get("$skip", "0")
    start = int(skip) if skip.isascii() and skip.isdigit() and len(skip) < 10 else 0
    more = total is not None and items and start + len(items) < total
    following = _list_request(origin, cid, cc_id, start + len(items)) if more else None
    return Page(list(postings.values()), following)


def detail_request(posting: Posting, url: str) -> PageRequest | None:
    """The requisition's own JSON (its ``requisitionDescription``), for a listed posting."""
    parts = urlsplit(url)
    if posting.description_text or not parts.path.endswith(API_PATH):
        return None
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    ids = _ids(query.get("cid", ""), query.get("ccId", ""))
    item = quote(posting.external_id, safe="")
    detail = f"{parts.scheme}://{parts.netloc}{API_PATH}/{item}"
    return PageRequest(f"{detail}?{urlencode({**ids, 'locale': 'en_US'})}")


READER = Reader(NAME, read, first_request, Paging.NEXT_REQUEST, detail_request)
