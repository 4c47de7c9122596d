"""The Recruitee reader against our saved response and the real captured ones."""

from pathlib import Path

import pytest

from service.boards.base import ReadError
from service.boards.readers import recruitee

DATA = Path(__file__).resolve().parents[1] / "data" / "boards" / "recruitee"
API_URL = "https://acme.recruitee.com/api/offers/"


def lines(text):
    return [line for line in text.splitlines() if line.strip()]


def our_offers():
    return recruitee.read((DATA / "acme-offers.json").read_bytes(), url=API_URL).postings


def read_sample(board_samples, name, url):
    body = (board_samples / "recruitee" / name).read_bytes()
    return recruitee.read(body, url=url).postings


def test_first_request_for_a_subdomain_or_a_custom_domain():
    assert recruitee.first_request("Acme").url == "https://acme.recruitee.com/api/offers/"
    assert recruitee.first_request("jobs.acme.com").url == "https://jobs.acme.com/api/offers/"
    with pytest.raises(ValueError, match="not a company subdomain"):
        recruitee.first_request("acme/../admin")


def test_reads_published_offers_with_an_id_title_and_link():
    postings = our_offers()
    assert [p.external_id for p in postings] == ["2800001", "2800003", "2800004"]
    assert {p.ats for p in postings} == {"recruitee"}


def test_reads_fields_dates_and_description():
    backend = our_offers()[0]
    assert backend.title == "Backend Engineer (Zürich)"
    assert backend.url == "https://acme.recruitee.com/o/backend-engineer-zurich"
    assert backend.location == "Zürich, Zürich, Switzerland"
    assert backend.remote is False  # hybrid
    assert backend.department == "Engineering"
    assert backend.employment_type == "fulltime_permanent"
    assert backend.posted_at == "2026-05-02T09:30:00+00:00"
    assert backend.updated_at == "2026-05-03T10:45:00+00:00"
    text = lines(backend.description_text)
    assert text[:2] == ["Über uns", "We ship Elixir & Rust."]
    assert any(line.endswith("5+ years") for line in text)
    assert text[-1].endswith("Deutsch or English")
    assert "evil" not in backend.description_text


def test_missing_status_location_link_and_dates():
    _, tokyo, writer = our_offers()
    assert tokyo.title == "サポートリード"
    assert tokyo.url == "https://acme.recruitee.com/o/support-lead-tokyo"  # from the slug
    assert tokyo.location == "東京オフィス | Remote - APAC"  # empty location: locations[]
    assert tokyo.remote is True  # no remote flag: the wording
    assert tokyo.posted_at == "2026-05-04T01:00:00+00:00"  # no published_at: created_at
    assert tokyo.updated_at is None
    assert tokyo.department is None
    assert writer.url == "https://acme.recruitee.com/o/remote-content-writer"  # relative url
    assert writer.remote is True


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b'{"offer": {"id": 1}}', "expected an object with an 'offers' list, got an object"),
        (b'{"offers": null}', "keys 'offers'"),
        (b"[]", "got a list"),
        (b'{"offers": [7]}', r"offers\[0\] should be an object, got a number"),
        (b"\xef\xbb\xbf{", "not valid JSON"),
    ],
)
def test_malformed_payloads_raise_read_error(body, message):
    with pytest.raises(ReadError, match=message):
        recruitee.read(body, url=API_URL)


# --- the real captured responses, read in place -------------------------------------------


def test_aikido_offers(board_samples):
    postings = read_sample(
        board_samples,
        "aikidosecurity-offers-trimmed.json",
        "https://aikidosecurity.recruitee.com/api/offers/",
    )
    assert [(p.external_id, p.title, p.location, p.remote) for p in postings] == [
        ("2707521", "Customer Success Engineer Tel Aviv", "Remote job", True),
        ("2707517", "Customer Success Engineer Dubai", "Remote job", True),
        ("2705729", "Office Manager Chicago", "Chicago, Illinois, United States", False),
    ]
    first = postings[0]
    assert first.url == "https://aikidosecurity.recruitee.com/o/customer-success-engineer-tel-aviv"
    assert first.department == "Sales"
    assert first.posted_at == "2026-08-11T20:45:29+00:00"
    assert first.updated_at == "2026-08-11T20:45:29+00:00"
    assert first.description_text.startswith(
        "🌍 We\u2019re making security suck less for developers."
    )


def test_sanitized_offers_on_a_custom_domain(board_samples):
    postings = read_sample(
        board_samples, "offers-sanitized.json", "https://jobs.acme.com/api/offers"
    )
    assert [(p.external_id, p.location, p.remote) for p in postings] == [
        ("2700825", "Berlin, Berlin, Germany", False),
        ("2697184", "Berlin, Berlin, Germany", False),
    ]
    assert postings[0].title == (
        "(Senior) Financial Accountant (f/m/d) - Berlin/Brandenburg Region, Germany"
    )
    assert postings[1].url == (
        "https://jobs.acme.com/o/partner-development-representative-fmd-berlin-germany"
    )
    assert postings[1].posted_at == "2026-07-31T22:26:40+00:00"
    assert "What we expect from you" in postings[0].description_text
