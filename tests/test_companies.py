"""Company pages: create, list by relation, detail with its people, duplicates, delete."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from service.contacts import services
from service.models import Company, Contact, User


def test_company_pages(auth_client: FlaskClient, user: User) -> None:
    response = auth_client.post(
        "/companies/new",
        data={
            "name": "Initech",
            "website": "www.initech.example/careers",
            "relation": "rejected_me",
        },
    )
    company = Company.query.one()
    assert response.status_code == 302 and company.domain == "initech.example"
    services.create_contact(user, {"first_name": "Bill", "company": "initech"})
    detail = auth_client.get(f"/companies/{company.id}").get_data(as_text=True)
    assert "Bill" in detail and "Rejected me" in detail
    listing = auth_client.get("/companies/?relation=rejected_me").get_data(as_text=True)
    assert "Initech" in listing
    dup = auth_client.post(
        "/companies/new", data={"name": "INITECH", "relation": "other"}, follow_redirects=True
    )
    assert b"already have a company" in dup.data
    auth_client.post(f"/companies/{company.id}/delete")
    assert Company.query.count() == 0 and Contact.query.one().company_id is None


@pytest.mark.parametrize(
    "website", ["javascript:alert(1)", "not a url at all", "ftp://acme.example", "https://x"]
)
def test_company_websites_must_be_web_addresses(auth_client: FlaskClient, website: str) -> None:
    response = auth_client.post(
        "/companies/new", data={"name": "Acme", "website": website, "relation": "other"}
    )
    assert response.status_code == 200
    assert b"http(s) address" in response.data or b"no spaces" in response.data
    assert Company.query.count() == 0
