"""The one page decoder that the HTML reader, detection and the boards CLI all use."""

import pytest

from service.boards.pages import decode_page

CAFE = "Caf\u00e9 \u2013 5 \u20ac"  # an en dash and a euro sign: Windows-1252, not Latin-1
ZURICH = "<p>Z\u00fcrich</p>"
KOI8_META = '<meta charset="koi8-r"><p>'
PRIVET = "\u041f\u0440\u0438\u0432\u0435\u0442"


@pytest.mark.parametrize(
    ("body", "text"),
    [
        pytest.param(CAFE.encode(), CAFE, id="utf-8"),
        pytest.param(b"\xef\xbb\xbfCaf\xc3\xa9", "Caf\u00e9", id="utf-8 with a BOM"),
        pytest.param(b"Caf\xe9 \x96 5 \x80", CAFE, id="undeclared: Windows-1252"),
        pytest.param(KOI8_META.encode() + PRIVET.encode("koi8-r"), KOI8_META + PRIVET,
                     id="declared charset"),
        pytest.param(b"<meta charset=nonsense>\x96", "<meta charset=nonsense>\u2013",
                     id="unknown charset"),
        pytest.param(ZURICH.encode("utf-16"), ZURICH, id="utf-16 by its BOM"),
        pytest.param(b"\xfe\xff" + ZURICH.encode("utf-16-be"), ZURICH, id="utf-16 big-endian"),
    ],
)  # fmt: skip
def test_decode_page(body: bytes, text: str) -> None:
    assert decode_page(body) == text


def test_decode_page_never_fails_on_broken_bytes() -> None:
    body = b'<meta charset="utf-8">\xff\xfe\x81'

    assert decode_page(body) == '<meta charset="utf-8">\ufffd\ufffd\ufffd'
