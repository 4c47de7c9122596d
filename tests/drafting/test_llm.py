"""The OpenAI-compatible writer against a real loopback server speaking chat completions:
success, error statuses, a timeout, malformed replies, replies over the limit (done-when 2)."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable

import pytest

from service.drafting.llm import LLMSettings, messages_for, write_with_llm
from service.drafting.writer import write_default
from service.models import DraftKind, DraftTone
from tests.boards.servers import Handler, LoopbackServer
from tests.drafting.contexts import context

pytestmark = pytest.mark.usefixtures("connect_guard")

NOTE = "Hi Zoë, good to meet you at PyData Berlin. I'd be glad to stay in touch here. Ada"


def completion(content: object, finish: str = "stop") -> bytes:
    return json.dumps(
        {
            "id": "chatcmpl-1",
            "object": "chat.completion",
            "model": "llama3.2",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": finish,
                }
            ],
            "usage": {"prompt_tokens": 200, "completion_tokens": 30, "total_tokens": 230},
        }
    ).encode()


def answer(status: int, body: bytes, kind: str = "application/json") -> Callable[[Handler], None]:
    def route(handler: Handler) -> None:
        handler.reply(status, body, {"Content-Type": kind})

    return route


def settings(server: LoopbackServer, **changes: object) -> LLMSettings:
    base = {"base_url": server.url("/v1").rstrip("/"), "model": "llama3.2", "api_key": "sk-test"}
    return LLMSettings(**{**base, **changes})  # type: ignore[arg-type]


CTX = context(DraftKind.CONNECTION_NOTE, DraftTone.WARM, "full")
DEFAULT = write_default(CTX, 3)


def test_a_good_reply_is_the_draft_and_the_request_is_what_servers_accept(
    server: LoopbackServer,
) -> None:
    server.routes["/v1/chat/completions"] = answer(200, completion(NOTE))
    written = write_with_llm(CTX, 3, settings(server, token_field="max_completion_tokens"))
    assert written.writer == "llm" and written.body == NOTE and written.fallback_reason is None
    request = server.received[0]
    assert request.method == "POST" and request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    sent = json.loads(request.body)
    assert sent["model"] == "llama3.2" and sent["temperature"] == 0.7 and sent["seed"] == 3
    assert sent["max_completion_tokens"] == 1200 and "max_tokens" not in sent
    assert [m["role"] for m in sent["messages"]] == ["system", "user"]
    assert "At most 200 characters" in sent["messages"][0]["content"]
    assert "Zoë" in sent["messages"][1]["content"]


def test_no_key_sends_no_authorization(server: LoopbackServer) -> None:
    server.routes["/v1/chat/completions"] = answer(200, completion(NOTE))
    write_with_llm(CTX, 3, settings(server, api_key=""))
    assert "authorization" not in server.received[0].headers


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (404, b'{"error":{"message":"model \\"x\\" not found, try pulling it first"}}', "404"),
        (401, b'{"error":{"code":401,"message":"Invalid API Key","type":"auth"}}', "refused"),
        (503, b'{"error":{"message":"Loading model","type":"unavailable_error"}}', "loading"),
        (500, b'{"object":"error","message":"engine died"}', "engine died"),
        (429, b'{"error":{"message":"quota","code":"insufficient_quota"}}', "quota"),
    ],
)
def test_an_error_status_falls_back_to_the_template_with_the_reason(
    server: LoopbackServer, status: int, body: bytes, reason: str
) -> None:
    server.routes["/v1/chat/completions"] = answer(status, body)
    written = write_with_llm(CTX, 3, settings(server))
    assert written.writer == "template" and written.body == DEFAULT.body
    assert f"HTTP {status}" in (written.fallback_reason or "")
    assert reason in (written.fallback_reason or "")


@pytest.mark.parametrize(
    ("reply", "kind", "reason"),
    [
        (b"<html><body>502 Bad Gateway</body></html>", "text/html", "not a chat completion"),
        (b'{"choices": []}', "application/json", "not a chat completion"),
        (b'{"id": "x"}', "application/json", "not a chat completion"),
        (completion(None), "application/json", "empty"),
        (completion("   "), "application/json", "empty"),
        (completion(NOTE, finish="length"), "application/json", "cut off"),
    ],
)
def test_a_malformed_reply_falls_back(
    server: LoopbackServer, reply: bytes, kind: str, reason: str
) -> None:
    server.routes["/v1/chat/completions"] = answer(200, reply, kind)
    written = write_with_llm(CTX, 3, settings(server))
    assert written.writer == "template" and written.body == DEFAULT.body
    assert reason in (written.fallback_reason or "")


def test_a_reply_over_the_limit_or_with_a_placeholder_falls_back(server: LoopbackServer) -> None:
    server.routes["/v1/chat/completions"] = answer(200, completion(NOTE * 4))
    over = write_with_llm(CTX, 3, settings(server))
    assert over.writer == "template" and "over the 200" in (over.fallback_reason or "")
    server.routes["/v1/chat/completions"] = answer(200, completion("Hi [Name], let's connect."))
    left = write_with_llm(CTX, 3, settings(server))
    assert left.writer == "template" and "[Name]" in (left.fallback_reason or "")
    premium = write_with_llm(CTX, 3, settings(server), limits={"connection_note": 300})
    assert premium.writer == "template"  # the placeholder still fails it


def test_a_timeout_falls_back(server: LoopbackServer) -> None:
    def slow(handler: Handler) -> None:
        server.stopping.wait(10)  # answers only when the test is over

    server.routes["/v1/chat/completions"] = slow
    written = write_with_llm(CTX, 3, settings(server, read_timeout=0.3))
    assert written.writer == "template" and written.body == DEFAULT.body
    assert "no reply within 0.3 seconds" in (written.fallback_reason or "")


def test_a_refused_connection_falls_back() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dead = LLMSettings(base_url=f"http://127.0.0.1:{port}/v1", model="m")
    written = write_with_llm(CTX, 3, dead)
    assert written.writer == "template" and "could not be reached" in (
        written.fallback_reason or ""
    )


def test_an_article_reply_gives_the_headline_and_the_body(server: LoopbackServer) -> None:
    article = (
        "# Three tables everyone trusts\n\n1. Why catalogues stall\n2. Picking the three\n"
        "3. Owners\n4. What broke\n\nMost teams start with tools."
    )
    server.routes["/v1/chat/completions"] = answer(200, completion(article))
    ctx = context(DraftKind.ARTICLE, DraftTone.FORMAL, "full")
    written = write_with_llm(ctx, 1, settings(server))
    assert written.writer == "llm" and written.title == "Three tables everyone trusts"
    assert written.body.startswith("1. Why catalogues stall\n2. Picking the three")
    system = messages_for(ctx, 110_000)[0]["content"]
    assert "4 to 6 numbered sections" in system and "no contractions" in system
