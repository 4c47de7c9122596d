"""Generated 2,000-posting responses of the enterprise boards, for `bench_boards`.

SuccessFactors: a Career Site Builder RSS feed with descriptions and a search page
(``tr.data-row`` rows); Oracle: a
requisitions response with secondary locations; iCIMS: a portal search page of cards and a
Career Sites ``/api/jobs`` page with HTML bodies. Each comes with the URL it is read against and
the parser that is its baseline (``json.loads``, ``lxml.html.fromstring`` or
``lxml.etree.fromstring``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import lxml.html
from lxml import etree

from service.boards.readers import get_reader

CITIES = ("Berlin, DE", "Cary, NC, US", "Torun, PL", "Europe, remote, IT", "Tokyo, JP")
TITLES = ("Business Systems Analyst", "Clinical Project Manager", "Payroll Tax Specialist")


def _sf_row(n: int) -> str:
    href = f"/job/Slug-{n}/{1_370_000_000 + n}/"
    link = f'<a class="jobTitle-link" href="{href}">{TITLES[n % 3]} {n}</a>'
    city = CITIES[n % len(CITIES)]
    return (
        f'<tr class="data-row"><td class="colTitle"><span class="jobTitle hidden-phone">{link}'
        f'</span><div class="jobdetail-phone visible-phone"><span class="jobTitle">{link}</span>'
        f'<span class="jobLocation">{city}</span><span class="jobDate">Sep 23, 2026</span></div>'
        f'</td><td class="colLocation"><span class="jobLocation">{city}</span></td>'
        f'<td class="colDate"><span class="jobDate">Sep 23, 2026\n\t\t</span></td>'
        f'<td class="colFacility"><span class="jobFacility">{1000 + n % 50}</span></td></tr>'
    )


def successfactors(count: int) -> bytes:
    rows = "".join(_sf_row(n) for n in range(count))
    label = (
        f'<span class="paginationLabel">Results <b>1 \u2013 {count}</b> of <b>{count}</b></span>'
    )
    page = (
        f"<!DOCTYPE html><html><body>{label}<table id='searchresults'>{rows}</table></body></html>"
    )
    return page.encode()


def successfactors_feed(count: int, description: Callable[[int], str]) -> bytes:
    items = "".join(
        f"<item><title>{TITLES[n % 3]} {n}</title>"
        f"<link>https://careers.acme.example/job/Slug-{n}/{1_370_000_000 + n}/</link>"
        f"<description><![CDATA[{description(n)}]]></description>"
        f"<guid>{1_370_000_000 + n}</guid><g:location>{CITIES[n % len(CITIES)]}</g:location>"
        f"<g:job_function>Engineering</g:job_function>"
        f"<pubDate>Tue, 23 Sep 2026 02:00:00 GMT</pubDate></item>"
        for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        f'xmlns:g="http://base.google.com/ns/1.0"><channel><title>Jobs</title>{items}'
        "</channel></rss>"
    ).encode()


def _requisition(n: int) -> dict[str, Any]:
    return {
        "Id": str(10_000 + n),
        "Title": f"{TITLES[n % 3]} {n}",
        "PostedDate": "2026-10-05",
        "PrimaryLocation": CITIES[n % len(CITIES)],
        "WorkplaceTypeCode": ("ORA_ON_SITE", "ORA_HYBRID", "ORA_REMOTE", None)[n % 4],
        "ShortDescriptionStr": "Help shape the future of heat pump technology. " * 3,
        "Department": None,
        "JobSchedule": None,
        "secondaryLocations": [
            {"Name": CITIES[(n + 1) % len(CITIES)], "CountryCode": "US"} for _ in range(n % 3)
        ],
    }


def oracle(count: int) -> bytes:
    search = {"TotalJobsCount": count, "SiteNumber": "CX_1", "requisitionList": []}
    search["requisitionList"] = [_requisition(n) for n in range(count)]
    return json.dumps({"items": [search], "count": 1, "hasMore": False}).encode()


def _card(n: int) -> str:
    job = 8000 + n
    return (
        f'<li class="iCIMS_JobCardItem"><div class="row"><div class="col-xs-6 header left">'
        f'<span class="sr-only field-label">Job Locations</span><span>US-WI-{n}</span></div>'
        f'<div class="col-xs-12 title"><a href="https://careers-acme.icims.com/jobs/{job}/'
        f'slug-{n}/job?in_iframe=1" class="iCIMS_Anchor" title="{job} - {TITLES[n % 3]}">'
        f'<span class="sr-only field-label">Job Title</span><h3>{TITLES[n % 3]}</h3></a></div>'
        f'<div class="col-xs-12 additionalFields"><dl class="iCIMS_JobHeaderGroup">'
        f'<div class="iCIMS_JobHeaderTag"><dt class="iCIMS_JobHeaderField">Job ID</dt>'
        f'<dd class="iCIMS_JobHeaderData"><span>2026-{job}</span></dd></div>'
        f'<div class="iCIMS_JobHeaderTag"><dt class="iCIMS_JobHeaderField">Position Type</dt>'
        f'<dd class="iCIMS_JobHeaderData"><span>Full-time</span></dd></div></dl></div></div></li>'
    )


def icims(count: int) -> bytes:
    cards = "".join(_card(n) for n in range(count))
    return f"<!doctype html><html><body><ul>{cards}</ul></body></html>".encode()


def icims_api(count: int, description: Callable[[int], str]) -> bytes:
    jobs = [
        {
            "data": {
                "req_id": str(19_000 + n),
                "title": f"{TITLES[n % 3]} {n}",
                "description": description(n),
                "full_location": "Olathe, Kansas; Cary, North Carolina",
                "categories": [{"name": "Engineering"}],
                "posted_date": "2026-09-24T19:39:00+0000",
                "update_date": "2026-09-25T16:34:03+0000",
                "meta_data": {"canonical_url": f"https://careers.acme.example/jobs/{19_000 + n}"},
            }
        }
        for n in range(count)
    ]
    return json.dumps({"jobs": jobs, "totalCount": count}).encode()


def boards(
    count: int, description: Callable[[int], str]
) -> list[tuple[str, str, bytes, str, Callable[[bytes], object]]]:
    """(figure key, reader, body, url, baseline parser) of each enterprise board."""

    def url(name: str, token: str) -> str:
        first = get_reader(name).first_request
        assert first is not None
        return first(token).url

    page, data, xml = lxml.html.fromstring, json.loads, etree.fromstring
    return [
        ("successfactors-feed", "successfactors", successfactors_feed(count, description),
         url("successfactors", "careers.acme.example"), xml),
        ("successfactors", "successfactors", successfactors(count),
         url("successfactors", "careers.acme.example/search"), page),
        ("oracle", "oracle", oracle(count),
         url("oracle", "acme.fa.us2.oraclecloud.com/CX_1"), data),
        ("icims", "icims", icims(count), url("icims", "careers-acme.icims.com"), page),
        ("icims-career-sites", "icims", icims_api(count, description),
         url("icims", "careers.acme.example"), data),
    ]  # fmt: skip
