"""Every reader module declares how its board is read: first request, paging, detail request."""

from __future__ import annotations

import pkgutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import service.boards.readers as readers_package
from service.boards.base import Paging, Reader, ReadError
from service.boards.readers import READER_NAMES, UnknownReader, get_reader, smartrecruiters, workday
from tests.boards.servers import ConnectGuard
from tests.boards.test_readers_properties import sample_files, url_for

MODULES = sorted(
    m.name for m in pkgutil.iter_modules(readers_package.__path__) if not m.name.startswith("_")
)
PAGE_READERS = ("jsonld", "html")
DATA = Path(__file__).resolve().parents[1] / "data" / "boards"


def test_every_reader_module_is_a_named_reader() -> None:
    assert sorted(READER_NAMES) == MODULES


@pytest.mark.parametrize("name", MODULES)
def test_every_reader_module_declares_its_reader(name: str) -> None:
    reader = get_reader(name)

    assert isinstance(reader, Reader)
    assert reader.name == name
    assert isinstance(reader.paging, Paging)
    assert callable(reader.read)
    assert (reader.first_request is None) == (name in PAGE_READERS)
    assert reader.reads_pages == (name in PAGE_READERS)


@pytest.mark.parametrize("name", MODULES)
def test_only_readers_that_declare_paging_name_a_next_page(
    name: str, connect_guard: ConnectGuard
) -> None:
    connect_guard.forbid_all()  # readers are pure: no socket, no lookup
    reader = get_reader(name)
    named_next = False
    for body in sample_files(name):
        try:
            page = reader.read(body, url=url_for(name))
        except ReadError:
            continue
        named_next |= page.next_request is not None
    if reader.paging is Paging.NONE:
        assert not named_next, f"{name} names a next page: declare Paging.NEXT_REQUEST"


def test_an_unknown_reader_lists_the_known_ones() -> None:
    with pytest.raises(UnknownReader, match="greenhouse"):
        get_reader("monster")


def test_workday_names_the_detail_request_of_a_listed_posting() -> None:
    list_url = "https://acme.wd3.myworkdayjobs.com/wday/cxs/acme/External/jobs#offset=20"
    listed = workday.read((DATA / "workday" / "acme-jobs-page0.json").read_bytes(), url=list_url)
    posting = next(p for p in listed.postings if p.external_id == "JR100111")

    request = workday.detail_request(posting, list_url)

    assert request is not None and request.method == "GET"
    assert request.url == (
        "https://acme.wd3.myworkdayjobs.com/wday/cxs/acme/External"
        "/job/Toronto/Machine-Learning-Engineer_JR100111"
    )
    assert workday.detail_request(posting, "https://other.example/api/jobs") is None


def test_smartrecruiters_names_the_detail_request_of_a_listed_posting() -> None:
    list_url = "https://api.smartrecruiters.com/v1/companies/AcmeGmbH/postings?limit=2&offset=0"
    body = (DATA / "smartrecruiters" / "acme-postings-offset-0.json").read_bytes()
    posting = smartrecruiters.read(body, url=list_url).postings[0]

    request = smartrecruiters.detail_request(posting, list_url)

    assert request is not None
    assert urlsplit(request.url).path == f"/v1/companies/AcmeGmbH/postings/{posting.external_id}"
    assert smartrecruiters.detail_request(posting, "https://api.smartrecruiters.com/v2") is None
