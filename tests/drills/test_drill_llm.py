"""Drill: the language model fails, hangs or talks nonsense. Verdicts come as fast as without it,
with the template explanation."""

import json
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

pytestmark = pytest.mark.django_db

SAMPLES = 8
# Generous: a verdict must not wait for the model at all, so even a noisy machine stays far below.
SLOWDOWN_ALLOWED_SECONDS = 0.5
NONSENSE = {
    "id": "x",
    "object": "chat.completion",
    "created": 0,
    "model": "fake",
    "choices": [
        {
            "index": 0,
            "finish_reason": "stop",
            "message": {"role": "assistant", "content": "Koop 17 wasmachines voor €999999."},
        }
    ],
}


class FakeLlmServer:
    """An OpenAI-compatible loopback server that hangs, fails or answers nonsense."""

    def __init__(self, mode: str):
        self.mode = mode
        self.release = threading.Event()
        self.calls = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                fake.calls += 1
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if fake.mode == "hang":
                    fake.release.wait(30)
                if fake.mode == "fail":
                    status, payload = 500, {"error": {"message": "boom"}}
                else:  # after a hang, or at once: an answer with numbers from nowhere
                    status, payload = 200, NONSENSE
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/v1"

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


def _median_post_seconds(client, n=SAMPLES) -> tuple[float, list]:
    timings, replies = [], []
    for age in range(n):
        body = json.dumps({"category": "washing-machine", "age_years": 2 + age, "language": "nl"})
        started = time.perf_counter()
        reply = client.post("/api/v1/verdicts/", body, content_type="application/json")
        timings.append(time.perf_counter() - started)
        replies.append(reply)
    return statistics.median(timings), replies


@pytest.mark.parametrize("mode", ["hang", "fail", "nonsense"])
def test_verdicts_are_as_fast_with_a_broken_llm_and_carry_the_template(
    client, catalogue, settings, mode
):
    settings.OPENAI_API_KEY = ""
    _median_post_seconds(client, n=2)  # warm-up
    baseline, _ = _median_post_seconds(client)

    fake = FakeLlmServer(mode)
    settings.OPENAI_API_KEY = "drill-key"
    settings.OPENAI_BASE_URL = fake.url
    settings.OPENAI_MODEL = "fake-model"
    settings.LLM_TIMEOUT_SECONDS = 2
    try:
        broken, replies = _median_post_seconds(client)
        explanation = client.get(f"/api/v1/verdicts/{replies[0].json()['id']}/explanation/")
    finally:
        fake.close()

    assert [r.status_code for r in replies] == [201] * SAMPLES
    assert broken < baseline + SLOWDOWN_ALLOWED_SECONDS, (baseline, broken)
    assert explanation.status_code == 200
    assert explanation.json()["source"] == "template"
    assert "999999" not in explanation.json()["text"]
