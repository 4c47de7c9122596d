"""Base URL overrides: a kind's first request sent to another origin, checked settings."""

from __future__ import annotations

import pytest

from service.boards.base import PageRequest
from service.boards.origins import BadBaseURL, checked_base_urls, first_request, rebase
from service.boards.readers import get_reader


def test_rebase_replaces_scheme_and_host_and_keeps_path_query_and_body() -> None:
    request = PageRequest("https://a.example/wday/cxs/t/s/jobs?x=1", "POST", {"offset": 0})

    moved = rebase(request, "http://127.0.0.1:8001")

    assert moved.url == "http://127.0.0.1:8001/wday/cxs/t/s/jobs?x=1"
    assert (moved.method, moved.json_body) == ("POST", {"offset": 0})


def test_rebase_puts_the_base_path_first_with_the_original_host() -> None:
    request = PageRequest("https://acme.recruitee.com/api/offers/")

    assert rebase(request, "http://127.0.0.1:9/boards/{host}").url == (
        "http://127.0.0.1:9/boards/acme.recruitee.com/api/offers/"
    )


def test_first_request_uses_the_kinds_base_url_only() -> None:
    base_urls = {"greenhouse": "http://127.0.0.1:8001"}

    greenhouse = first_request(get_reader("greenhouse"), "acme", base_urls)
    lever = first_request(get_reader("lever"), "acme", base_urls)

    assert greenhouse.url == "http://127.0.0.1:8001/v1/boards/acme/jobs?content=true"
    assert lever.url.startswith("https://api.lever.co/v0/postings/acme?")


def test_first_request_refuses_a_page_reader_and_a_bad_token() -> None:
    with pytest.raises(ValueError, match="page reader"):
        first_request(get_reader("html"), "acme")
    with pytest.raises(ValueError, match="tenant/wd5/site"):
        first_request(get_reader("workday"), "acme")


def test_checked_base_urls_accepts_plain_urls_and_strips_a_trailing_slash() -> None:
    checked = checked_base_urls(
        {"greenhouse": "http://127.0.0.1:8001/", "recruitee": "https://boards.test/{host}"}
    )

    assert checked == {
        "greenhouse": "http://127.0.0.1:8001",
        "recruitee": "https://boards.test/{host}",
    }
    assert checked_base_urls(None) == {}


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"greenhose": "http://127.0.0.1"}, "unknown board kind 'greenhose'"),
        ({"lever": "ftp://127.0.0.1"}, "must be http"),
        ({"lever": "127.0.0.1:8000"}, "must be http"),
        ({"lever": "http://127.0.0.1:99999"}, "not a URL"),
        ({"lever": "http://127.0.0.1/?a=1"}, "no query"),
        ({"lever": "http://u:p@127.0.0.1/"}, "user-info"),
        ({"lever": "http://{host}/"}, "user-info"),
    ],
)
def test_checked_base_urls_refuses_what_it_cannot_use(raw: dict[str, str], message: str) -> None:
    with pytest.raises(BadBaseURL, match=message):
        checked_base_urls(raw)
