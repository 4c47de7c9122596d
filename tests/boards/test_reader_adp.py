"""ADP Workforce Now reader: the career center's job-requisitions JSON and each requisition."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from service.boards.base import ReadError
from service.boards.collect import collect
from service.boards.fetch import Fetcher, FetchPolicy
from service.boards.readers import adp, get_reader
from tests.boards.servers import Handler, LoopbackServer

CAPTURED = Path(__file__).resolve().parents[1] / "data" / "boards" / "captured" / "adp"
CID = "0f6d2c3e-1234-4a5b-8c9d-0123456789ab"
API = "https://workforcenow.adp.com/mascsr/default/careercenter/public/events/staffing/v1"
LIST = f"{API}/job-requisitions?cid={CID}&ccId=19000101_000001&locale=en_US&$top=20&$skip=0"
PORTAL = "https://workforcenow.adp.com/mascsr/default/mdf/recruitment/recruitment.html"
IDS = ["9205234334470_1", "9205231141781_1", "9205230421275_1"]


def saved(name: str) -> bytes:
    return (CAPTURED / name).read_bytes()


def test_first_request_is_the_first_requisitions_page() -> None:
    assert adp.first_request(f"{CID.upper()}/19000101_000001").url == LIST
    cloud = adp.first_request(f"cloud/{CID}").url
    assert cloud == (
        "https://workforcenow.cloud.adp.com/mascsr/default/careercenter/public/events/staffing/"
        f"v1/job-requisitions?cid={CID}&locale=en_US&$top=20&$skip=0"
    )


@pytest.mark.parametrize("token", ["", "acme", f"{CID}/a b", f"other/{CID}", f"{CID}/1/2"])
def test_first_request_refuses_other_tokens(token: str) -> None:
    with pytest.raises(ValueError, match="cid"):
        adp.first_request(token)


def test_the_captured_requisitions_read_exactly() -> None:
    page = adp.read(saved("job-requisitions-trimmed.json"), url=LIST)

    assert page.next_request is None  # totalNumber 3
    assert [p.external_id for p in page.postings] == IDS
    assert [p.title for p in page.postings] == [
        "Sr. Director, FP&A",
        "VP, Engineering",
        "WEM Technical Consultant",
    ]
    assert [p.location for p in page.postings] == ["US", "US", "US"]  # " US" trimmed
    assert [p.posted_at for p in page.postings] == [
        "2026-09-10T10:14:00-04:00",
        "2026-09-04T16:36:00-04:00",
        "2026-09-04T12:08:00-04:00",
    ]
    first = page.postings[0]
    assert first.url == (
        f"{PORTAL}?cid={CID}&ccId=19000101_000001&jobId=9205234334470_1&lang=en_US"
    )
    assert (first.ats, first.department, first.remote, first.description_text) == (
        "adp",
        None,
        None,
        None,
    )


def test_the_captured_detail_gives_the_description() -> None:
    listed = adp.read(saved("job-requisitions-trimmed.json"), url=LIST).postings[0]
    request = adp.detail_request(listed, LIST)
    assert request is not None
    assert request.url == (
        f"{API}/job-requisitions/9205234334470_1?cid={CID}&ccId=19000101_000001&locale=en_US"
    )

    page = adp.read(saved("job-requisition-detail-trimmed.json"), url=request.url)

    [detail] = page.postings
    assert (detail.external_id, detail.title) == ("9205234334470_1", "Sr. Director, FP&A")
    assert detail.description_text == "Summary"  # the sample is cut after its first heading
    assert adp.detail_request(detail, LIST) is None


def test_a_page_under_the_total_names_the_next_skip() -> None:
    data = json.loads(saved("job-requisitions-trimmed.json"))
    data["meta"]["totalNumber"] = 45

    page = adp.read(json.dumps(data).encode(), url=LIST.replace("$skip=0", "$skip=20"))

    assert page.next_request is not None
    assert page.next_request.url == LIST.replace("$skip=0", "$skip=23")


@pytest.mark.parametrize(
    "body", [b"[]", b'{"jobRequisitions": {}}', b'{"jobRequisitions": [2]}', b"<html></html>"]
)
def test_other_payloads_raise_read_error(body: bytes) -> None:
    with pytest.raises(ReadError):
        adp.read(body, url=LIST)


# --- through the safe fetcher, on loopback ------------------------------------------------

PATH = "/mascsr/default/careercenter/public/events/staffing/v1/job-requisitions"


@pytest.mark.usefixtures("connect_guard")
def test_the_career_center_is_paged_and_detailed(server: LoopbackServer) -> None:
    first = json.loads(saved("job-requisitions-trimmed.json"))
    first["meta"]["totalNumber"] = 4
    second = {"meta": {"totalNumber": 4}, "jobRequisitions": [dict(first["jobRequisitions"][1])]}
    second["jobRequisitions"][0]["itemID"] = "9205200000000_1"

    def requisitions(handler: Handler) -> None:
        skip = parse_qs(urlsplit(handler.path).query)["$skip"][0]
        body = first if skip == "0" else second
        handler.reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})

    server.routes[PATH] = requisitions
    server.routes[f"{PATH}/9205234334470_1"] = lambda h: h.reply(
        200, saved("job-requisition-detail-trimmed.json"), {"Content-Type": "application/json"}
    )
    request = replace(
        adp.first_request(f"{CID}/19000101_000001"),
        url=server.url(LIST.removeprefix("https://workforcenow.adp.com")),
    )

    read = collect(get_reader("adp"), request, Fetcher(FetchPolicy(allow_loopback=True)))

    assert read.complete and read.pages == 2
    assert [p.external_id for p in read.postings] == [*IDS, "9205200000000_1"]
    assert read.postings[0].description_text == "Summary"
    assert read.postings[0].url.startswith(server.url("/mascsr/default/mdf/recruitment/"))
    assert read.details == 4 and len(read.detail_failures) == 3  # only one detail is served
    skips = [parse_qs(urlsplit(r.path).query).get("$skip") for r in server.received]
    assert skips[:2] == [["0"], ["3"]]
