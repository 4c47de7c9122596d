"""html_to_text never hands back markup, however often the HTML was escaped."""

import html
import re

import pytest

from service.boards.text import html_to_text


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<div>&lt;script&gt;alert(1)&lt;/script&gt;</div>", None),
        ("<div>Hello &lt;b&gt;world&lt;/b&gt;</div>", "Hello world"),
        ("&lt;p&gt;&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;Hi&lt;/p&gt;", "Hi"),
        ("<textarea><b>t</b></textarea><p>Role</p>", "Role"),
        ("<xmp><img src=x onerror=alert(1)></xmp>Text", "Text"),
        ("<noembed><b>x</b></noembed><noframes><i>y</i></noframes>Body", "Body"),
        ("<title>&lt;b&gt;Page&lt;/b&gt;</title><p>Role</p>", "Role"),
        ("<p>&lt;b&gt;&amp;lt;i&amp;gt;deep&amp;lt;/i&amp;gt;&lt;/b&gt;</p>", "deep"),
        ("<p>&lt;x-card onfocus=alert(1) autofocus&gt;Hi&lt;/x-card&gt;</p>", "Hi"),
    ],
)
def test_markup_escaped_twice_comes_out_as_text(markup: str, text: str | None) -> None:
    assert html_to_text(markup) == text


@pytest.mark.parametrize(
    "markup",
    [
        "<div>&lt;script&gt;alert(1)&lt;/script&gt;</div>",
        "<p>&lt;b&gt;&amp;lt;script&amp;gt;x&amp;lt;/script&amp;gt;&lt;/b&gt;</p>",
        "<p>&lt;a href=&quot;javascript:x&quot;&gt;click&lt;/a&gt;</p>",
        "<textarea><b>t</b></textarea>",
        "<pre>&lt;!-- c --&gt;&lt;/div&gt;</pre>",
    ],
)
def test_output_never_looks_like_markup(markup: str) -> None:
    assert re.search(r"<[A-Za-z!/]", html_to_text(markup) or "") is None


def test_comparisons_in_plain_text_survive() -> None:
    assert html_to_text("<p>Salary &lt; 100k &amp; 3 &gt; 2</p>") == "Salary < 100k & 3 > 2"


def test_an_unknown_bare_word_in_angle_brackets_is_prose() -> None:
    assert html_to_text("<p>Design for &lt;everyone&gt;.</p>") == "Design for <everyone>."


@pytest.mark.parametrize(
    "escaped",
    [
        "&lt;p&gt;R&amp;amp;D &amp;nbsp;it&#39;s &#x27;ours&#x27; &quot;now&quot;&lt;/p&gt;",
        "&lt;p&gt;&copy; 2026 &amp;copy; &#169;&lt;/p&gt;",
        "&lt;p&gt;a&ampb &amp;lt;not a tag&amp;gt;&lt;/p&gt;",
    ],
)
def test_escaped_html_reads_as_the_standard_unescape_does(escaped: str) -> None:
    assert html_to_text(escaped) == html_to_text(html.unescape(escaped))


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p> a \u00a0 b </p><p>\u2003c\t</p>", "a b\n\nc"),
        ("<ul><li><p> x </p></li><li>y\u2028z </li></ul>", "• x\n\n• y\nz"),
        ("one\r\n two \x0c three", "one\ntwo\nthree"),
        ("<div>\u200b<h3> T </h3> \n\n\n <br> u</div>", "T\n\nu"),
    ],
)
def test_spaces_and_line_breaks_of_every_kind_are_tidied(markup: str, text: str) -> None:
    assert html_to_text(markup) == text
