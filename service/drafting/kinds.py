"""The fourteen kinds of draft: what each is for, which limit applies, what it asks the user."""

from __future__ import annotations

from dataclasses import dataclass

from service.models import DraftKind


@dataclass(frozen=True, slots=True)
class Question:
    """A fact only the user knows, asked with the draft and prefilled from the context."""

    key: str
    label: str


@dataclass(frozen=True, slots=True)
class KindInfo:
    kind: DraftKind
    label: str
    group: str  # message | post | article | comment
    limit: str  # the key of the LinkedIn limit its body is checked against
    questions: tuple[Question, ...]
    needs_contact: bool = False
    needs_source: bool = False


def _q(key: str, label: str) -> Question:
    return Question(key, label)


KINDS: dict[DraftKind, KindInfo] = {
    info.kind: info
    for info in (
        KindInfo(
            DraftKind.THANK_YOU,
            "Thank-you after an interview",
            "message",
            "message",
            (
                _q("topic", "What did you talk about that stayed with you?"),
                _q("stage", "Which stage was it (first interview, case study…)?"),
            ),
            needs_contact=True,
        ),
        KindInfo(
            DraftKind.FEEDBACK_REQUEST,
            "Feedback request after a rejection",
            "message",
            "message",
            (
                _q("stage", "Which round or exercise was it?"),
                _q("question", "The one thing you would most like to know"),
            ),
            needs_contact=True,
        ),
        KindInfo(
            DraftKind.KEEP_IN_TOUCH,
            "Keep in touch",
            "message",
            "message",
            (
                _q("news", "What is new: their news, or something you finished?"),
                _q("shared", "What did you last talk about?"),
            ),
            needs_contact=True,
        ),
        KindInfo(
            DraftKind.CONGRATULATIONS,
            "Congratulations on a new role",
            "message",
            "message",
            (
                _q("new_role", "Their new role"),
                _q("memory", "One thing you remember about working with them"),
            ),
            needs_contact=True,
        ),
        KindInfo(
            DraftKind.CONNECTION_NOTE,
            "Connection-request note",
            "message",
            "connection_note",
            (_q("reason", "Where did you meet, or what of theirs did you read?"),),
            needs_contact=True,
        ),
        KindInfo(
            DraftKind.HIRING,
            "I saw you are hiring",
            "message",
            "inmail",
            (
                _q("role", "Which role?"),
                _q("proof", "One result of yours that fits it, with a number"),
            ),
            needs_contact=True,
        ),
        KindInfo(
            DraftKind.REFERRAL,
            "Referral ask",
            "message",
            "message",
            (
                _q("role", "Which role (and its link or ID)?"),
                _q("fit", "Why you fit, in a line"),
            ),
            needs_contact=True,
        ),
        KindInfo(
            DraftKind.MENTOR,
            "Request to a mentor",
            "message",
            "message",
            (
                _q("question", "The one question you would like their view on"),
                _q("why_them", "Why them?"),
            ),
            needs_contact=True,
        ),
        KindInfo(
            DraftKind.POST_LESSONS,
            "Post: lessons learned",
            "post",
            "post",
            (
                _q("lesson", "What did you learn?"),
                _q("story", "What happened, in a sentence or two (no company unless you name it)?"),
            ),
        ),
        KindInfo(
            DraftKind.POST_MILESTONE,
            "Post: milestone",
            "post",
            "post",
            (
                _q("milestone", "What did you finish or ship?"),
                _q("thanks", "Who helped, and how?"),
            ),
        ),
        KindInfo(
            DraftKind.POST_OPINION,
            "Post: opinion",
            "post",
            "post",
            (
                _q("claim", "Your claim, in one sentence"),
                _q("example", "An example from your own work"),
            ),
        ),
        KindInfo(
            DraftKind.POST_OPEN,
            "Post: open to opportunities",
            "post",
            "post",
            (
                _q("roles", "Which roles, and where (or remote)?"),
                _q("result", "One result from your last role"),
            ),
        ),
        KindInfo(
            DraftKind.ARTICLE,
            "Article",
            "article",
            "article_body",
            (
                _q("topic", "What is the article about?"),
                _q("view", "Your view, in one sentence"),
            ),
        ),
        KindInfo(
            DraftKind.COMMENT,
            "Comment on a post",
            "comment",
            "comment",
            (_q("view", "Your own view or experience on it"),),
            needs_source=True,
        ),
    )
}


def kind_info(kind: DraftKind | str) -> KindInfo:
    """The kind's description; ValueError names the known kinds for an unknown one."""
    try:
        return KINDS[DraftKind(kind)]
    except ValueError:
        known = ", ".join(k.value for k in DraftKind)
        raise ValueError(f"Unknown kind {kind!r}; the kinds are: {known}.") from None
