"""Generated 2,000-posting responses of the HR-suite boards (Paylocity, …), for `bench_boards`.

Paylocity: a board page whose ``window.pageData`` lists the jobs. Each comes with the URL it is
read against and the parser that is its baseline (``lxml.html.fromstring`` for a page).
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


def boards(count: int) -> list[tuple[str, str, bytes, str, Callable[[bytes], object]]]:
    """(figure key, reader, body, url, baseline parser) of each HR-suite board."""

    def url(name: str, token: str) -> str:
        first = get_reader(name).first_request
        assert first is not None
        return first(token).url

    page = lxml.html.fromstring
    return [
        ("paylocity", "paylocity", paylocity(count), url("paylocity", GUID), page),
    ]
