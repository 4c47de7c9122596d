"""`nextround draft KIND --user EMAIL …`: write a draft, print it, a blank line, `---`, checks."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import with_appcontext

from service.drafting.checks import checks_text
from service.errors import DomainError
from service.models import DraftKind, DraftTone


def _facts(values: tuple[str, ...], kind: str) -> dict[str, str]:
    """``--fact key=text`` answers that question; a bare ``--fact text`` the next unanswered."""
    from service.drafting.kinds import kind_info

    keys = [q.key for q in kind_info(kind).questions]
    facts: dict[str, str] = {}
    for value in values:
        key, sep, text = value.partition("=")
        if sep and key.strip() in keys:
            facts[key.strip()] = text.strip()
            continue
        free = [k for k in keys if k not in facts]
        if not free:
            raise click.ClickException(
                f"{kind} asks for {len(keys)} fact(s) ({', '.join(keys)}); too many --fact given."
            )
        facts[free[0]] = value.strip()
    return facts


@click.command("draft")
@click.argument("kind", type=click.Choice([k.value for k in DraftKind]))
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--contact", "contact_id", type=int, help="The recipient (a contact's id).")
@click.option("--vacancy", "vacancy_id", type=int, help="The vacancy it is about.")
@click.option("--application", "application_id", type=int, help="The application it is about.")
@click.option("--tone", type=click.Choice([t.value for t in DraftTone]), default="warm")
@click.option("--fact", "facts", multiple=True, help="KEY=TEXT, or TEXT for the next question.")
@click.option("--source-file", type=click.Path(dir_okay=False, path_type=Path),
              help="The post a comment answers (UTF-8 text).")  # fmt: skip
@click.option("--seed", type=int, help="Pick another variant (the same seed, the same draft).")
@click.option(
    "--llm", "use_llm", is_flag=True, help="Ask the configured LLM (templates if it fails)."
)
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text.")
@with_appcontext
def draft_command(
    kind: str,
    email: str,
    contact_id: int | None,
    vacancy_id: int | None,
    application_id: int | None,
    tone: str,
    facts: tuple[str, ...],
    source_file: Path | None,
    seed: int | None,
    use_llm: bool,
    as_json: bool,
) -> None:
    """Write a draft from your context; it is saved, and printed with its checks."""
    from service.auth.services import user_by_email
    from service.drafting.services import DraftRequest, create_draft, draft_checks, draft_json

    pasted = ""
    if source_file is not None:
        try:
            pasted = source_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise click.ClickException(f"Cannot read {source_file}: {exc}") from None
    try:
        user = user_by_email(email)
        draft = create_draft(
            user,
            DraftRequest(
                kind,
                tone,
                contact_id,
                vacancy_id,
                _facts(facts, kind),
                pasted,
                seed,
                "llm" if use_llm else "template",
                application_id,
            ),
        )
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    if as_json:
        click.echo(json.dumps(draft_json(draft), indent=2, ensure_ascii=False))
        return
    if draft.title:
        click.echo(f"Subject: {draft.title}\n" if draft.kind is not DraftKind.ARTICLE else "")
    click.echo(draft.body)
    click.echo("\n---")
    if draft.fallback_reason:
        click.echo(f"note: {draft.fallback_reason}")
    click.echo(checks_text(draft_checks(draft)))


@click.command("draft-examples")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def draft_examples_command(folder: Path) -> None:
    """Write the example drafts (one Markdown file per kind) into FOLDER."""
    from service.drafting.examples import EXAMPLES, write_examples

    paths = write_examples(folder)
    click.echo(f"Wrote {len(EXAMPLES)} drafts in {len(paths) - 1} files to {folder}.")


@click.command("about")
@click.option("--user", "email", required=True, help="The account's e-mail.")
@click.option("--sign-name", help="The name drafts sign with.")
@click.option("--headline", help="One line about you.")
@click.option("--skills", help="Separated by commas.")
@click.option("--goals", help="What you are working towards.")
@click.option("--topics", help="Topics you write about, separated by commas.")
@click.option("--sample", "samples", multiple=True, help="A piece of your own writing (repeat).")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text.")
@with_appcontext
def about_command(
    email: str, as_json: bool, samples: tuple[str, ...], **fields: str | None
) -> None:
    """Show About you, or change the fields given (drafts are written from it)."""
    from service.api.drafts import about_json
    from service.auth.services import user_by_email
    from service.drafting.services import get_about, update_about

    try:
        user = user_by_email(email)
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    changes: dict[str, object] = {k: v for k, v in fields.items() if v is not None}
    if samples:
        changes["samples"] = list(samples)
    about = update_about(user, changes) if changes else get_about(user)
    data = about_json(about)
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    for key, value in data.items():
        shown = " | ".join(value) if isinstance(value, list) else value
        click.echo(f"{key.replace('_', ' ')}: {shown or '—'}")


@click.command("draft-template")
@click.argument("kind", type=click.Choice([k.value for k in DraftKind]))
@click.option("--user", "email", help="The account whose copy to set or remove.")
@click.option("--file", "path", type=click.Path(dir_okay=False, path_type=Path),
              help="Your own template (Jinja2, rendered in a sandbox) for this kind.")  # fmt: skip
@click.option("--remove", is_flag=True, help="Go back to the default template.")
@with_appcontext
def draft_template_command(kind: str, email: str | None, path: Path | None, remove: bool) -> None:
    """Print KIND's default template, or keep your own copy of it (--file) or drop it."""
    from service.auth.services import user_by_email
    from service.drafting.services import save_template
    from service.drafting.writer import template_source

    if path is None and not remove:
        click.echo(template_source(kind), nl=False)
        return
    if not email:
        raise click.ClickException("--user is needed to keep or remove a template.")
    try:
        source = "" if remove else path.read_text(encoding="utf-8")  # type: ignore[union-attr]
        save_template(user_by_email(email), kind, source)
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"Cannot read {path}: {exc}") from None
    except DomainError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(
        f"{kind}: " + ("back to the default template." if remove else f"your template from {path}.")
    )
