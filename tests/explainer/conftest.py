"""A loopback server that speaks the OpenAI Chat Completions API, with per-test behaviour."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class FakeLlm:
    """What the fake server answers, and every request it received (as parsed JSON)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answer = "Fake answer."
        self.status = 200
        self.hang_seconds = 0.0
        self.released = threading.Event()
        self.received = threading.Event()  # set when a request arrives (before any hang)
        self.hang_over = threading.Event()  # set when a hanging reply is finally sent

    def answer_with(self, text: str) -> None:
        self.answer, self.status, self.hang_seconds = text, 200, 0.0

    def fail_with(self, status: int) -> None:
        self.status = status

    def hang(self, seconds: float) -> None:
        self.hang_seconds = seconds

    def messages(self, index: int = -1) -> dict[str, str]:
        """The system and user message of a received request, by role."""
        return {m["role"]: m["content"] for m in self.requests[index]["messages"]}

    def respond(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length", 0))
        body = json.loads(handler.rfile.read(length) or b"{}")
        if handler.path != "/v1/chat/completions":
            handler.send_error(404)
            return
        self.requests.append(body)
        self.received.set()
        if self.hang_seconds:
            self.released.wait(self.hang_seconds)
            self.hang_over.set()
        if self.status != 200:
            payload = {"error": {"message": "boom", "type": "server_error"}}
        else:
            payload = {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "fake"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": self.answer},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
        data = json.dumps(payload).encode()
        try:
            handler.send_response(self.status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:  # the client gave up waiting (a timeout test)
            pass


@pytest.fixture
def fake_llm(settings):
    """A running fake OpenAI server, configured as the site's LLM."""
    fake = FakeLlm()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            fake.respond(self)

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    settings.OPENAI_BASE_URL = f"http://127.0.0.1:{server.server_port}/v1"
    settings.OPENAI_API_KEY = "dummy-test-key"
    settings.OPENAI_MODEL = "fake-model"
    settings.LLM_TIMEOUT_SECONDS = 3
    settings.CELERY_TASK_ALWAYS_EAGER = True  # the embedded default, unless a test says otherwise
    yield fake
    fake.released.set()
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def background_inline(request, monkeypatch):
    """Background jobs (explanations in embedded mode) run inside the request that starts them,
    so that a test reads their result from the same database transaction. Tests of the real
    threads use `django_db(transaction=True)` and mark themselves `real_background`."""
    from common import background

    if "real_background" in request.fixturenames:
        yield
        background.background_wait(timeout=30)
        return

    def run_now(key, fn, /, **kwargs):
        fn(**kwargs)
        return True

    monkeypatch.setattr(background, "background_submit", run_now)
    yield


@pytest.fixture
def real_background():
    """Background jobs in real threads (see background_inline)."""


@pytest.fixture
def post_verdict(client, catalogue):
    """POST /api/v1/verdicts/ for a washing machine (or other inputs), returning the response."""

    def post(**payload):
        body = {"category": "washing-machine", "age_years": 4, "language": "nl", **payload}
        return client.post(
            "/api/v1/verdicts/", data=json.dumps(body), content_type="application/json"
        )

    return post


def _euros(value: float) -> str:
    return f"€{round(value)}"


@pytest.fixture
def good_answer():
    """An explanation a well-behaved model could write: only numbers from the facts."""

    def write(facts: dict) -> str:
        cost, annual = facts["repair_cost_eur"], facts["annual_cost_eur"]
        chance = round(facts["success_probability"] * 100)
        if facts["language"] == "en":
            return (
                f"Our advice for your {facts['category_name'].lower()}: {facts['verdict']}. "
                f"Per year of use, repairing costs about {_euros(annual['repair'])} and a new "
                f"one {_euros(annual['replace'])}.\n\n"
                f"A repair is expected to cost {_euros(cost['expected'])} and works in about "
                f"{chance}% of cases. A new one costs about {_euros(facts['new_price_eur'])} and "
                f"lasts about {facts['new_life_years']:g} years.\n\n"
                "This explanation was written by a language model; the figures come from the "
                "calculation and were not changed. Ask the seller about the guarantee first."
            )
        return (
            f"Ons advies voor je {facts['category_name'].lower()}: {facts['verdict']}. Per jaar "
            f"gebruik kost repareren ongeveer {_euros(annual['repair'])} en een nieuw apparaat "
            f"{_euros(annual['replace'])}.\n\n"
            f"Een reparatie kost naar verwachting {_euros(cost['expected'])} en lukt in ongeveer "
            f"{chance}% van de gevallen. Een nieuw apparaat kost ongeveer "
            f"{_euros(facts['new_price_eur'])} en gaat {facts['new_life_years']:g} jaar mee.\n\n"
            "Deze uitleg is geschreven door een taalmodel; de cijfers komen uit de berekening en "
            "zijn niet veranderd. Vraag de verkoper eerst naar de garantie."
        )

    return write
