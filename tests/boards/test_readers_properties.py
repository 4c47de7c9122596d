"""Every reader, fed random, truncated and wrong-but-plausible payloads, raises only ReadError."""

from __future__ import annotations

import copy
import json
import math
import os
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.boards.base import Page, Posting, ReadError
from service.boards.readers import READER_NAMES, get_reader

TESTS = Path(__file__).resolve().parents[1]
DATA = TESTS / "data" / "boards"
SAMPLES = DATA / "captured"  # real captured responses, see tests/data/boards/SOURCES.md
MARKUP_READERS = ("personio", "teamtailor", "jsonld", "html", "successfactors", "phenom")
MARKUP_READERS += ("paylocity",)
MARKUP_READERS += ("jobvite", "jazzhr")
JSON_READERS = tuple(name for name in READER_NAMES if name not in MARKUP_READERS)
MUTABLE_SIZE = 60_000  # larger samples are only truncated, to keep the run fast

# NEXTROUND_PROPERTY_EXAMPLES=1000 runs a longer hunt; the default keeps the file fast.
FAST = settings(
    max_examples=int(os.environ.get("NEXTROUND_PROPERTY_EXAMPLES", "25")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def words(text: str) -> list[str]:
    """The words of ``text``: long name lists stay compact."""
    return text.split()


# The URL each reader's response comes from: the reader's own first request where it has one.
EXAMPLE_TOKENS = {
    "workday": "acme/wd5/External",
    "successfactors": "careers.acme.example",
    "oracle": "acme.fa.us2.oraclecloud.com/CX_1",
    "icims": "careers.acme.example",
    "taleo": "acme/2/101430233",
    "phenom": "careers.acme.example",
    "paylocity": "add565e9-4cee-4334-8182-9de221ffb9e4",
    "ukg": "BAY1003BAYGE/5dc4f3c1-3b9c-4b9c-9c48-34b0a6a3d1b4",
    "adp": "0f6d2c3e-1234-4a5b-8c9d-0123456789ab/19000101_000001",
    "dayforce": "aifire/CANDIDATEPORTAL",
}


@cache
def url_for(name: str) -> str:
    """A realistic URL for a response read by reader ``name``."""
    first_request = getattr(get_reader(name), "first_request", None)
    if first_request is None:
        return "https://acme.example/careers"
    return str(first_request(EXAMPLE_TOKENS.get(name, "acme")).url)


@cache
def sample_files(name: str) -> tuple[bytes, ...]:
    """Our own saved responses for ``name`` and the real captured ones."""
    folders = [DATA / name, SAMPLES / ("jsonld" if name == "html" else name)]
    if name == "html":
        folders += [DATA / "careers-pages", DATA / "jsonld"]
    files = [p for f in folders if f.is_dir() for p in sorted(f.rglob("*")) if p.is_file()]
    return tuple(p.read_bytes() for p in files)


def read_checked(name: str, body: bytes) -> None:
    """Read ``body``: ReadError is the only exception allowed; a Page must hold Postings."""
    try:
        page = get_reader(name).read(body, url=url_for(name))
    except ReadError:
        return
    assert isinstance(page, Page)
    for posting in page.postings:
        assert isinstance(posting, Posting)
        assert posting.ats == name
        assert isinstance(posting.external_id, str)
        assert posting.external_id
        assert isinstance(posting.title, str)
        assert posting.title
        assert isinstance(posting.url, str)
        parts = urlsplit(posting.url)
        assert parts.scheme in ("http", "https"), posting.url
        assert parts.hostname, posting.url
        assert posting.remote in (True, False, None)


# --- strategies ---------------------------------------------------------------------------

FIELDS = words(
    "id title name text absolute_url location locations content updated_at first_published "
    "metadata departments offices internal_job_id hostedUrl applyUrl categories createdAt "
    "workplaceType description descriptionPlain descriptionHtml lists additional jobUrl "
    "isRemote isListed publishedAt secondaryLocations employmentType department team "
    "shortcode url telecommuting published_on created_at city state country releasedDate "
    "typeOfEmployment ref company identifier careers_url remote hybrid on_site published_at "
    "externalPath locationsText postedOn bulletFields jobOpeningName departmentLabel "
    "employmentStatusLabel atsLocation locationType status slug guid value label "
    "allLocations commitment fullLocation postingUrl jobAd sections active address "
    "postalAddress addressLocality total offset limit Id Title PostedDate PrimaryLocation "
    "secondaryLocations Name WorkplaceTypeCode ExternalDescriptionStr JobSchedule Department "
    "data req_id full_location posted_date update_date meta_data canonical_url apply_url"
    " positions posting_name canonicalPositionUrl work_location_option t_create t_update count"
    " requisitionList contestNo jobId column pagingData currentPageNo pageSize totalCount"
    " jobSeqNo reqId postedDate descriptionTeaser locale category type"
    " JobId JobTitle LocationName PublishedDate HiringDepartment JobLocation IsRemote City State"
    " Description Country"
    " opportunities Locations Address LocalizedName JobCategoryName FullTime BriefDescription"
    " itemID requisitionTitle postDate requisitionLocations nameCode shortName meta totalNumber"
    " jobPostingId jobTitle jobDescription hasVirtualLocation postingStartTimestampUTC"
    " postingLocations formattedAddress maxCount"
)
ODD_VALUES: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    2**64,
    1e308,
    math.inf,
    "",
    " ",
    "x",
    "<p>",
    "javascript:alert(1)",
    "//",
    "http://[::1",
    [],
    {},
    [None],
    {"": None},
)

# JSON may escape lone UTF-16 surrogates ("\ud800"): valid JSON, but not encodable text.
lone_surrogates = st.text(st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1)
json_leaves = (
    st.none()
    | lone_surrogates.map(lambda s: f"job-{s}")
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats()
    | st.text(max_size=40)
    | st.sampled_from(ODD_VALUES).map(copy.deepcopy)  # never share a mutable value
)
json_keys = st.sampled_from(FIELDS) | st.text(max_size=10)
json_values = st.recursive(
    json_leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(json_keys, inner, max_size=6),
    max_leaves=25,
)
posting_like = st.dictionaries(json_keys, json_values, max_size=12)


def dump(value: Any) -> bytes:
    """JSON bytes as a server might send them (NaN and Infinity included)."""
    return json.dumps(value).encode()


def envelope(name: str, postings: list[Any], extra: Any) -> Any:
    """``postings`` wrapped in the top-level shape board ``name`` sends."""
    shapes: dict[str, Any] = {
        "greenhouse": {"jobs": postings, "meta": {"total": extra}},
        "lever": postings,
        "ashby": {"apiVersion": "1", "jobs": postings},
        "workable": {"name": extra, "description": extra, "jobs": postings},
        "smartrecruiters": {"offset": 0, "limit": 100, "totalFound": extra, "content": postings},
        "recruitee": {"offers": postings},
        "workday": {"total": extra, "jobPostings": postings, "facets": []},
        "bamboohr": {"meta": {"totalCount": extra}, "result": postings},
        "icims": {"jobs": postings, "totalCount": extra},
        "oracle": {"items": [{"TotalJobsCount": extra, "requisitionList": postings}], "count": 1},
        "eightfold": {"positions": postings, "count": extra},
        "taleo": {"requisitionList": postings, "pagingData": extra, "locationsColumns": extra},
        "ukg": {"opportunities": postings, "totalCount": extra},
        "adp": {"meta": {"totalNumber": extra}, "jobRequisitions": postings},
        "dayforce": {"jobPostings": postings, "maxCount": extra, "offset": 0},
        "rippling": postings,
        "breezy": postings,
        "pinpoint": {"data": postings},
    }
    return shapes[name]


def xml_text(value: str) -> str:
    """Text as XML character data (XML-invalid characters are left in on purpose)."""
    return escape(value)


@st.composite
def personio_feeds(draw: st.DrawFn) -> bytes:
    """A ``<workzag-jobs>`` feed whose fields hold random text."""
    tags = words(
        "id name office department recruitingCategory employmentType schedule createdAt "
        "subcompany seniority"
    )
    positions = []
    for _ in range(draw(st.integers(0, 3))):
        chosen = draw(st.lists(st.sampled_from(tags), max_size=len(tags), unique=True))
        fields = [f"<{t}>{xml_text(draw(st.text(max_size=20)))}</{t}>" for t in chosen]
        if draw(st.booleans()):
            desc = draw(st.text(max_size=40))
            fields.append(
                f"<jobDescriptions><jobDescription><name>{xml_text(desc)}</name>"
                f"<value><![CDATA[{desc}]]></value></jobDescription></jobDescriptions>"
            )
        if draw(st.booleans()):
            office = xml_text(draw(st.text(max_size=15)))
            fields.append(f"<additionalOffices><office>{office}</office></additionalOffices>")
        positions.append(f"<position>{''.join(fields)}</position>")
    root = draw(st.sampled_from(["workzag-jobs", "workzag-jobs", "jobs", "rss"]))
    doc = f'<?xml version="1.0" encoding="UTF-8"?><{root}>{"".join(positions)}</{root}>'
    return doc.encode("utf-8", "surrogatepass")


@st.composite
def teamtailor_feeds(draw: st.DrawFn) -> bytes:
    """A Teamtailor ``jobs.rss`` whose item fields hold random text."""
    tags = words("title link guid pubDate description remoteStatus tt:department tt:role")
    items = []
    for _ in range(draw(st.integers(0, 3))):
        chosen = draw(st.lists(st.sampled_from(tags), max_size=len(tags), unique=True))
        fields = [f"<{t}>{xml_text(draw(st.text(max_size=25)))}</{t}>" for t in chosen]
        if draw(st.booleans()):
            parts = [
                f"<tt:{p}>{xml_text(draw(st.text(max_size=12)))}</tt:{p}>"
                for p in draw(st.lists(st.sampled_from(["name", "city", "country", "zip"])))
            ]
            fields.append(
                f"<tt:locations><tt:location>{''.join(parts)}</tt:location></tt:locations>"
            )
        items.append(f"<item>{''.join(fields)}</item>")
    doc = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:tt="https://teamtailor.com/locations"><channel>'
        f"<title>Jobs</title>{''.join(items)}</channel></rss>"
    )
    return doc.encode("utf-8", "surrogatepass")


JSONLD_FIELDS = words(
    "title description datePosted validThrough hiringOrganization jobLocation identifier "
    "url employmentType jobLocationType applicantLocationRequirements address "
    "addressLocality addressCountry name value @id sameAs"
)
jsonld_objects = st.fixed_dictionaries(
    {"@type": st.sampled_from(["JobPosting", ["JobPosting"], "ItemList", None, 3])},
    optional={"@context": st.just("https://schema.org")},
).flatmap(
    lambda base: st.dictionaries(
        st.sampled_from(JSONLD_FIELDS) | st.text(max_size=8), json_values, max_size=10
    ).map(lambda extra: {**extra, **base})
)


@st.composite
def jsonld_pages(draw: st.DrawFn) -> bytes:
    """A page with ld+json blocks: JobPosting-like objects, lists, @graph, broken text."""
    blocks = []
    for _ in range(draw(st.integers(1, 3))):
        shape = draw(st.sampled_from(["object", "list", "graph", "itemlist", "raw"]))
        obj = draw(jsonld_objects)
        if shape == "raw":
            text = draw(st.text(max_size=60))
        elif shape == "list":
            text = json.dumps([obj, draw(json_values)])
        elif shape == "graph":
            text = json.dumps({"@context": "https://schema.org", "@graph": [obj]})
        elif shape == "itemlist":
            text = json.dumps({"@type": "ItemList", "itemListElement": [{"item": obj}]})
        else:
            text = json.dumps(obj)
        blocks.append(f'<script type="application/ld+json">{text}</script>')
    page = f"<!doctype html><html><head>{''.join(blocks)}</head><body></body></html>"
    return page.encode("utf-8", "surrogatepass")


HREFS = (
    "/jobs/backend-engineer",
    "/careers/data-scientist?gh_jid=123",
    "job/1",
    "#",
    "javascript:void(0)",
    "mailto:jobs@acme.example",
    "//",
    "http://[::1",
    "https://",
    "https://jobs.lever.co/acme/5ac21346",
    "https://acme.example/positions/42",
    "?jobId=7",
    "../openings/x",
    "https://acme.example/vacancies/",
)


@st.composite
def careers_pages(draw: st.DrawFn) -> bytes:
    """A careers page of job-ish links with random text, hrefs and location elements."""
    items = []
    for _ in range(draw(st.integers(0, 6))):
        href = draw(st.sampled_from(HREFS) | st.text(max_size=30))
        text = draw(st.text(max_size=30))
        where = draw(st.text(max_size=15))
        items.append(
            f'<li><a href="{escape(href, {chr(34): "&quot;"})}">{escape(text)}</a>'
            f'<span class="location">{escape(where)}</span></li>'
        )
    page = f"<html><body><h1>Jobs</h1><ul>{''.join(items)}</ul></body></html>"
    return page.encode("utf-8", "surrogatepass")


SF_CLASSES = words("jobTitle-link jobLocation jobDate jobDepartment jobFacility paginationLabel")
SF_PROPS = words("title datePosted description jobLocation")


@st.composite
def successfactors_pages(draw: st.DrawFn) -> bytes:
    """A CSB search page (rows of random cells), a job page (microdata) or an RSS feed."""
    shape = draw(st.sampled_from(["search", "job", "rss"]))
    texts = st.text(max_size=25).map(escape)
    hrefs = (st.sampled_from(HREFS) | st.just("/job/x/123/") | st.text(max_size=20)).map(
        lambda h: escape(h, {chr(34): "&quot;"})
    )
    cells = []
    for _ in range(draw(st.integers(0, 4))):
        name = draw(st.sampled_from(SF_PROPS if shape == "job" else SF_CLASSES))
        attr = "itemprop" if shape == "job" else "class"
        cells.append(f'<a {attr}="{name}" href="{draw(hrefs)}">{draw(texts)}</a>')
    if shape == "rss":
        items = "".join(
            f"<item><title>{draw(texts)}</title><link>{draw(hrefs)}</link>"
            f"<pubDate>{draw(texts)}</pubDate></item>"
            for _ in range(2)
        )
        page = f'<?xml version="1.0"?><rss><channel>{items}</channel></rss>'
    elif shape == "search":
        row = f"<tr class='data-row'><td>{''.join(cells)}</td></tr>"
        page = f"<html><body><table id='searchresults'>{row}</table></body></html>"
    else:
        page = f"<html><body><div>{''.join(cells)}</div></body></html>"
    return page.encode("utf-8", "surrogatepass")


ICIMS_LABELS = words("Job_Locations Posted_Date Position_Type Work_Arrangement Category")


@st.composite
def icims_payloads(draw: st.DrawFn) -> bytes:
    """A portal search page of cards with random fields, or a Career Sites API page."""
    if draw(st.booleans()):
        jobs = draw(st.lists(posting_like.map(lambda d: {"data": d}) | json_values, max_size=3))
        return dump(envelope("icims", jobs, draw(json_values)))
    texts = st.text(max_size=25).map(escape)
    hrefs = (st.sampled_from(HREFS) | st.just("/jobs/12/x/job") | st.text(max_size=20)).map(
        lambda h: escape(h, {chr(34): "&quot;"})
    )
    cards = []
    for _ in range(draw(st.integers(0, 4))):
        label = draw(st.sampled_from(ICIMS_LABELS)).replace("_", " ")
        cards.append(
            f'<li class="iCIMS_JobCardItem"><span class="field-label">{label}</span>'
            f'<span title="{draw(texts)}">{draw(texts)}</span><dl><dt>{label}</dt>'
            f'<dd>{draw(texts)}</dd></dl><a class="iCIMS_Anchor" href="{draw(hrefs)}" '
            f'title="{draw(texts)}"><h3>{draw(texts)}</h3></a></li>'
        )
    page = f"<html><body><p>Page {draw(texts)}</p><ul>{''.join(cards)}</ul></body></html>"
    return page.encode("utf-8", "surrogatepass")


@st.composite
def phenom_pages(draw: st.DrawFn) -> bytes:
    """A search-results page whose ``phApp.ddo`` jobs hold random fields and values."""
    jobs = draw(st.lists(posting_like | json_values, max_size=4))
    search = {"hits": draw(json_values), "totalHits": draw(json_values), "data": {"jobs": jobs}}
    ddo = {draw(st.sampled_from(["eagerLoadRefineSearch", "refineSearch"])): search}
    text = json.dumps(ddo)
    cut = draw(st.integers(0, len(text)))  # sometimes the script is cut short
    page = f"<html><script>phApp.ddo = {text[:cut]}; phApp.experimentData = {{}};</script></html>"
    return page.encode("utf-8", "surrogatepass")


@st.composite
def paylocity_pages(draw: st.DrawFn) -> bytes:
    """A board page whose ``window.pageData`` jobs hold random fields and values."""
    jobs = draw(st.lists(posting_like | json_values, max_size=4))
    data = {"ModuleTitle": draw(json_values), "Jobs": jobs}
    text = json.dumps(data)
    cut = draw(st.integers(0, len(text)))  # sometimes the script is cut short
    page = f"<html><script>window.pageData = {text[:cut]};</script></html>"
    return page.encode("utf-8", "surrogatepass")


@st.composite
def jobvite_pages(draw: st.DrawFn) -> bytes:
    """A Jobvite search page whose rows hold random links, titles and locations."""
    href = st.text(max_size=30).map(lambda t: xml_text(t).replace('"', "&quot;"))
    rows = "".join(
        f'<li class="job"><a class="jv-job-list-name" href="{draw(href)}">'
        f"{xml_text(draw(st.text(max_size=20)))}</a>"
        f'<p class="jv-job-list-location">{xml_text(draw(st.text(max_size=20)))}</p></li>'
        for _ in range(draw(st.integers(0, 3)))
    )
    rows += "".join(
        f'<li><a href="/acme/job/{xml_text(draw(st.text(max_size=8)))}">x</a></li>'
        for _ in range(draw(st.integers(0, 2)))
    )
    page = f"<html><body><ul class='jv-job-list'>{rows}</ul></body></html>"
    cut = draw(st.integers(0, len(page)))
    return page[:cut].encode("utf-8", "surrogatepass")


@st.composite
def jazzhr_pages(draw: st.DrawFn) -> bytes:
    """A JazzHR ``/apply/`` page whose rows hold random links, titles and locations."""
    href = st.text(max_size=30).map(lambda t: xml_text(t).replace('"', "&quot;"))
    code = st.text("abcXYZ019", min_size=5, max_size=12)
    labels = st.text(max_size=20).map(xml_text)
    rows = "".join(
        f'<li class="list-group-item"><h3><a href="{draw(href)}">{draw(labels)}</a></h3>'
        f'<ul class="list-inline"><li><i class="fa fa-map-marker"></i>{draw(labels)}'
        f'</li></ul></li><li><a href="/apply/{draw(code)}/x">{draw(labels)}</a></li>'
        for _ in range(draw(st.integers(0, 3)))
    )
    page = f"<html><body><div id='resumator-jobs'><ul>{rows}</ul></div></body></html>"
    cut = draw(st.integers(0, len(page)))
    return page[:cut].encode("utf-8", "surrogatepass")


PLAUSIBLE_MARKUP = {
    "icims": icims_payloads(),
    "successfactors": successfactors_pages(),
    "personio": personio_feeds(),
    "teamtailor": teamtailor_feeds(),
    "jsonld": jsonld_pages(),
    "html": careers_pages(),
    "phenom": phenom_pages(),
    "paylocity": paylocity_pages(),
    "jobvite": jobvite_pages(),
    "jazzhr": jazzhr_pages(),
}


def plausible_payloads(name: str) -> st.SearchStrategy[bytes]:
    """Payloads in the board's own shape whose postings hold random fields and values."""
    if name in PLAUSIBLE_MARKUP:
        return PLAUSIBLE_MARKUP[name]
    postings = st.lists(posting_like | json_values, max_size=4)
    return st.builds(envelope, st.just(name), postings, json_values).map(dump)


def json_paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a node of a decoded JSON document."""
    paths = [prefix]
    children: Any = ()
    if isinstance(value, dict):
        children = value.items()
    elif isinstance(value, list):
        children = enumerate(value)
    for key, child in children:
        paths += json_paths(child, (*prefix, key))
    return paths


def replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    """``document`` with the node at ``path`` replaced by ``value`` (or deleted for ...)."""
    if not path:
        return value
    parent = document
    for key in path[:-1]:
        parent = parent[key]
    if value is Ellipsis:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return document


@cache
def mutable_samples(name: str) -> tuple[bytes, ...]:
    """The JSON samples of ``name`` small enough to mutate quickly."""
    small = []
    for raw in sample_files(name):
        if len(raw) > MUTABLE_SIZE:
            continue
        try:
            json.loads(raw)
        except ValueError:
            continue
        small.append(raw)
    return tuple(small)


# --- properties ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", READER_NAMES)
@FAST
@given(body=st.binary(max_size=2_000))
def test_random_bytes_raise_only_read_error(name: str, body: bytes) -> None:
    read_checked(name, body)


@pytest.mark.parametrize("name", READER_NAMES)
@FAST
@given(value=json_values)
def test_random_json_raises_only_read_error(name: str, value: Any) -> None:
    read_checked(name, dump(value))


@pytest.mark.parametrize("name", READER_NAMES)
@FAST
@given(data=st.data())
def test_truncated_samples_raise_only_read_error(name: str, data: st.DataObject) -> None:
    samples = sample_files(name)
    assert samples, f"every reader has saved responses under tests/data/boards/{name}/"
    raw = data.draw(st.sampled_from(samples), label="sample")
    cut = data.draw(st.integers(0, max(len(raw) - 1, 0)), label="cut")
    read_checked(name, raw[:cut])


@pytest.mark.parametrize("name", READER_NAMES)
@FAST
@given(body=st.data())
def test_plausible_but_wrong_payloads_raise_only_read_error(name: str, body: st.DataObject) -> None:
    read_checked(name, body.draw(plausible_payloads(name), label="payload"))


@pytest.mark.parametrize("name", JSON_READERS)
@FAST
@given(data=st.data())
def test_samples_with_a_wrong_node_raise_only_read_error(name: str, data: st.DataObject) -> None:
    samples = mutable_samples(name)
    assert samples, f"{name} reads JSON: it has JSON samples under tests/data/boards/{name}/"
    document = json.loads(data.draw(st.sampled_from(samples), label="sample"))
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        path = data.draw(st.sampled_from(json_paths(document)), label="path")
        value = data.draw(json_values | st.just(Ellipsis) if path else json_values, label="value")
        document = replaced(document, path, value)
    read_checked(name, dump(document))


def with_lone_surrogates(value: Any) -> Any:
    """``value`` with a lone surrogate appended to every string in it (keys left alone)."""
    if isinstance(value, dict):
        return {key: with_lone_surrogates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [with_lone_surrogates(item) for item in value]
    return f"{value}\ud800" if isinstance(value, str) else value


@pytest.mark.parametrize("name", JSON_READERS)
def test_lone_surrogates_in_every_string_raise_only_read_error(name: str) -> None:
    samples = mutable_samples(name)
    assert samples, f"{name} reads JSON: it has JSON samples under tests/data/boards/{name}/"
    for raw in samples:
        read_checked(name, dump(with_lone_surrogates(json.loads(raw))))


NASTY = [
    b"",
    b" ",
    b"\x00" * 64,
    b"\xef\xbb\xbf{}",
    "{}".encode("utf-16"),
    b"null",
    b"true",
    b"0",
    b"1e999",
    b"NaN",
    b"Infinity",
    b'[{"id": NaN, "title": NaN, "name": NaN, "text": NaN}]',
    b'{"jobs": [{"id": Infinity, "title": -Infinity}]}',
    b'{"jobs": [{"id": 1e999, "title": "x"}]}',
    b'{"jobs":[{"id":1' + b"1" * 5000 + b',"title":"x"}]}',
    b'""',
    b"[]",
    b"{}",
    b'"\\ud800"',
    b'[{"id": "\\ud800", "title": "\\udfff"}]',
    b"[" * 100_000,
    b'{"a":' * 50_000,
    b"<a>" * 10_000,
    b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;&a;'>]><x>&b;</x>",
    b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>',
    b"<html><body><script type='application/ld+json'>" + b"[" * 50_000 + b"</script></body></html>",
]


@pytest.mark.parametrize("name", READER_NAMES)
@pytest.mark.parametrize("body", NASTY, ids=range(len(NASTY)))
def test_nasty_payloads_raise_only_read_error(name: str, body: bytes) -> None:
    read_checked(name, body)


def json_with(name: str, value: str) -> list[bytes]:
    """Samples of ``name`` with one of their first 40 nodes replaced by the raw JSON ``value``."""
    marker = "@@REPLACED@@"
    bodies = []
    for raw in mutable_samples(name):
        for path in json_paths(json.loads(raw))[:40]:
            body = dump(replaced(json.loads(raw), path, marker))
            bodies.append(body.replace(json.dumps(marker).encode(), value.encode()))
    return bodies


@pytest.mark.parametrize("name", JSON_READERS)
@pytest.mark.parametrize(
    "value", ["NaN", "Infinity", "-Infinity", "1e999", "9" * 4301, "-" + "1" * 5000]
)
def test_non_json_numbers_anywhere_raise_only_read_error(name: str, value: str) -> None:
    for body in json_with(name, value):
        with pytest.raises(ReadError):
            get_reader(name).read(body, url=url_for(name))


@given(digits=st.integers(min_value=1, max_value=5000))
@FAST
def test_integers_of_any_length_raise_only_read_error(digits: int) -> None:
    for name in JSON_READERS:
        read_checked(name, b'{"jobs":[{"id":' + b"7" * digits + b',"title":"x"}]}')
