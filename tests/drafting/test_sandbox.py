"""User templates in the sandbox: no Python internals, files or environment; no endless loops or
memory growth; a clear message and the default writer when they fail (issue 9, done-when 3)."""

from __future__ import annotations

import pytest

from service.drafting.sandbox import TemplateFailed, render_user_template
from service.drafting.writer import template_source, write, write_default
from service.models import DraftKind, DraftTone
from tests.drafting.contexts import context

VARIABLES = context(DraftKind.KEEP_IN_TOUCH, DraftTone.WARM, "full").variables()


def failure(source: str, **limits: float) -> str:
    with pytest.raises(TemplateFailed) as caught:
        render_user_template(source, VARIABLES, 1, **limits)  # type: ignore[arg-type]
    return caught.value.message


def test_a_user_template_renders_the_context() -> None:
    body, title = render_user_template(
        "{% set title = 'Hello ' ~ them.greet %}Hi {{ them.greet }}, {{ facts.shared }}.",
        VARIABLES,
        1,
    )
    assert body == "Hi Zoë, migrating their warehouse to dbt."
    assert title == "Hello Zoë"


@pytest.mark.parametrize(
    "source",
    [
        "{{ them.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ them.name.__class__ }}",
        "{{ range.__globals__ }}",
        "{{ pick.__globals__['os'].environ }}",
        "{{ self._TemplateReference__context }}",
        "{{ them.items() }}",
        "{{ them.update({'name': 'x'}) }}",
        "{{ (facts|list).__class__.__subclasses__() }}",
        "{{ them.__init__.__globals__ }}",
    ],
)
def test_python_internals_are_out_of_reach(source: str) -> None:
    message = failure(source)
    assert "reached for something drafts may not use" in message


@pytest.mark.parametrize(
    "source",
    [
        "{% include '/etc/passwd' %}",
        "{% import '/etc/hostname' as h %}",
        "{% extends '../../config/__init__.py' %}",
        "{{ config }}",
        "{{ environ }}",
        "{{ request }}",
        "{{ cycler.__init__.__globals__.os.environ }}",
        "{{ lipsum }}",
    ],
)
def test_files_and_the_environment_are_out_of_reach(source: str) -> None:
    message = failure(source)
    assert message.startswith("Your template")
    assert "passwd" not in message or "root:" not in message


def test_a_loop_without_end_is_stopped_with_a_clear_message() -> None:
    source = (
        "{% for a in range(1000) %}{% for b in range(1000) %}{% for c in range(1000) %}"
        "{% endfor %}{% endfor %}{% endfor %}"
    )
    assert "ran for more than 1 seconds" in failure(source, timeout=1)


def test_recursion_is_stopped() -> None:
    assert "calls itself" in failure("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}")


@pytest.mark.parametrize(
    "source",
    [
        "{{ range(10 ** 9) | list }}",
        "{{ 'x' * 100000000 }}",
        "{{ 9 ** 99999999 }}",
        "{% for a in range(1000) %}{% for b in range(1000) %}xx{% endfor %}{% endfor %}",
    ],
)
def test_growth_without_bound_is_refused(source: str) -> None:
    message = failure(source)
    assert "not allowed" in message or "too much text" in message or "limited" in message


def test_memory_is_capped_even_by_repeated_concatenation() -> None:
    doubling = (
        "{% set s = 'xxxxxxxxxx' %}"
        + ("{% set s = s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s ~ s %}" * 9)
        + "{{ s | length }}"
    )
    message = failure(doubling, memory_mb=200)
    assert "memory" in message


def test_a_failing_user_template_falls_back_to_the_default_and_says_why() -> None:
    ctx = context(DraftKind.KEEP_IN_TOUCH, DraftTone.WARM, "full")
    written = write(ctx, 4, user_template="{{ them.__class__.__mro__ }}")
    assert written.writer == "template"
    assert written.body == write_default(ctx, 4).body
    assert written.fallback_reason and "may not use" in written.fallback_reason
    assert written.fallback_reason.endswith("The default was used.")


def test_a_user_template_leaving_a_placeholder_or_over_the_limit_is_not_used() -> None:
    ctx = context(DraftKind.CONNECTION_NOTE, DraftTone.WARM, "full")
    left = write(ctx, 1, user_template="Hi [Name], we met at {{ them.company }}.")
    assert left.writer == "template" and "[Name]" in (left.fallback_reason or "")
    long = write(ctx, 1, user_template="{% for i in range(30) %}Hello there. {% endfor %}")
    assert long.writer == "template" and "200" in (long.fallback_reason or "")


def test_a_users_copy_of_the_default_template_works_in_the_sandbox() -> None:
    ctx = context(DraftKind.THANK_YOU, DraftTone.FORMAL, "full")
    source = template_source("thank-you").replace(
        '{% from "_common.j2" import hello, bye %}',
        "{% macro hello(them, tone, pick) %}|Dear {{ them.name }},{% endmacro %}"
        "{% macro bye(me, tone, pick) %}|Yours, {{ me.name }}{% endmacro %}",
    )
    written = write(ctx, 2, user_template=source)
    assert written.writer == "user-template", written.fallback_reason
    assert written.body.startswith("Dear Zoë O'Brien,")
    assert written.body.endswith("Yours, Ada Lovelace")
