"""Generated 2,000-posting responses of the HR-suite boards (Paylocity, …), for `bench_boards`.

Paylocity: a board page whose ``window.pageData`` lists the jobs; UKG Pro: a
``LoadSearchResults`` answer; ADP Workforce Now: a ``job-requisitions`` page; Dayforce: a
``jobposting/search`` answer with HTML descriptions. Each comes with
the URL it is read against and the parser that is its baseline (``lxml.html.fromstring`` for a
page, ``json.loads`` for JSON).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import lxml.html

from service.boards.readers import get_reader

GUID = "add565e9-4cee-4334-8182-9de221ffb9e4"
PLACES = (("Dallas", "TX"), ("Amarillo", "TX"), ("Raleigh", "NC"), ("Denver", "CO"))
TITLES = ("Corporate Tax Director", "Commissioning Manager - Power", "Senior Estimator")


def _paylocity_job(n: int) -> dict[str, Any]:
    city, state = PLACES[n % len(PLACES)]
    return {
        "JobId": 3_000_000 + n,
        "JobTitle": f"{TITLES[n % len(TITLES)]} {n}",
        "LocationName": "Hybrid" if n % 5 == 0 else city,
        "ShouldDisplayLocation": True,
        "PublishedDate": "2026-06-11T16:42:33-05:00",
        "Description": "",
        "IsInternal": False,
        "HiringDepartment": "Finance" if n % 3 == 0 else None,
        "JobLocation": {"LocationId": n, "Name": city, "City": city, "State": state},
        "IsRemote": n % 7 == 0,
        "IndeedRemoteType": 2,
    }


def paylocity(count: int) -> bytes:
    """A Paylocity board page with ``count`` jobs in its ``window.pageData``."""
    data = {"ModuleTitle": "Acme LLC", "Jobs": [_paylocity_job(n) for n in range(count)]}
    return (
        "<!doctype html><html><head><title>Acme LLC - Job Opportunities</title></head><body>"
        f"<script>window.pageData = {json.dumps(data)};</script></body></html>"
    ).encode()


def _ukg_opportunity(n: int) -> dict[str, Any]:
    city, state = PLACES[n % len(PLACES)]
    address = (
        {"Line1": "Remote", "City": None, "State": None}
        if n % 4 == 0
        else {"Line1": "2450 Holcombe Blvd", "City": city, "State": {"Code": state, "Name": state}}
    )
    address["Country"] = {"Code": "USA", "Name": "United States"}
    return {
        "Id": f"13b5978c-3aee-44cd-8c13-{n:012d}",
        "Title": f"{TITLES[n % len(TITLES)]} {n}",
        "RequisitionNumber": f"AUTOM{n:06d}",
        "FullTime": n % 6 != 0,
        "JobCategoryName": "Engineering",
        "Locations": [{"LocalizedName": "Remote" if n % 4 == 0 else city, "Address": address}],
        "PostedDate": "2026-09-21T18:35:39.718Z",
        "BriefDescription": "JOB SUMMARY \nThe engineer runs and improves automated workflows "
        "for extraction, sequencing and molecular assays, and guides the team.",
        "JobLocationType": 2 if n % 4 == 0 else 1,
    }


def ukg(count: int) -> bytes:
    """A UKG Pro ``LoadSearchResults`` answer with ``count`` opportunities."""
    items = [_ukg_opportunity(n) for n in range(count)]
    return json.dumps({"opportunities": items, "totalCount": count}).encode()


def adp(count: int) -> bytes:
    """An ADP Workforce Now ``job-requisitions`` page with ``count`` requisitions."""
    items = [
        {
            "itemID": f"92052{n:08d}_1",
            "requisitionTitle": f"{TITLES[n % len(TITLES)]} {n}",
            "postDate": "2026-09-10T10:14:00.000-04:00",
            "requisitionLocations": [{"nameCode": {"shortName": f" {PLACES[n % 4][0]}, US"}}],
            "organizationalUnits": [{"nameCode": {"shortName": "Finance"}}] if n % 2 else [],
        }
        for n in range(count)
    ]
    meta = {"startSequence": 0, "totalNumber": count}
    return json.dumps({"meta": meta, "jobRequisitions": items}).encode()


def dayforce(count: int) -> bytes:
    """A Dayforce ``jobposting/search`` answer with ``count`` postings."""
    items = [
        {
            "clientNamespace": "acme",
            "jobPostingId": 40_000 + n,
            "jobTitle": f"{TITLES[n % len(TITLES)]} {n}",
            "jobDescription": "<p>About the Role</p><p>We are seeking a proactive Safety "
            "Specialist to join our Environmental Health &amp; Safety team.</p>",
            "hasVirtualLocation": n % 9 == 0,
            "postingStartTimestampUTC": "2026-10-05T04:00:00+00:00",
            "postingLocations": [
                {"formattedAddress": f"{PLACES[n % 4][0]}, {PLACES[n % 4][1]}, USA"},
                {"formattedAddress": "Massachusetts, USA"},
            ],
        }
        for n in range(count)
    ]
    return json.dumps({"jobPostings": items, "maxCount": count, "offset": 0}).encode()


def boards(count: int) -> list[tuple[str, str, bytes, str, Callable[[bytes], object]]]:
    """(figure key, reader, body, url, baseline parser) of each HR-suite board."""

    def url(name: str, token: str) -> str:
        first = get_reader(name).first_request
        assert first is not None
        return first(token).url

    page, data = lxml.html.fromstring, json.loads
    return [
        ("paylocity", "paylocity", paylocity(count), url("paylocity", GUID), page),
        ("ukg", "ukg", ukg(count), url("ukg", f"BAY1003BAYGE/{GUID}"), data),
        ("adp", "adp", adp(count), url("adp", f"{GUID}/19000101_000001"), data),
        ("dayforce", "dayforce", dayforce(count), url("dayforce", "acme/candidateportal"), data),
    ]
