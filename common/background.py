"""A small, bounded pool of threads for work that a request starts but must not wait for.

Embedded mode (no REDIS_URL) has no worker, and a slow side system (the LLM) must never hold a
request: such work runs here instead. At most MAX_THREADS run at once and MAX_WAITING wait; past
that nothing is started and the caller's own fallback applies (e.g. the template explanation).
A job with a key already waiting or running is not started twice.
"""

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from django.db import connections

logger = logging.getLogger(__name__)

MAX_THREADS = 2
MAX_WAITING = 20

_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_jobs: dict[str, Future] = {}


def _run(fn: Callable[..., Any], kwargs: dict[str, Any]) -> None:
    try:
        fn(**kwargs)
    except Exception:  # noqa: BLE001 - a background job has nobody to raise to
        logger.exception("Background job %s failed", getattr(fn, "__name__", fn))
    finally:
        connections.close_all()  # this thread's connections only


def background_submit(key: str, fn: Callable[..., Any], /, **kwargs: Any) -> bool:
    """Run `fn(**kwargs)` in a background thread; False when it was not started (busy or full)."""
    global _executor
    with _lock:
        for done in [k for k, future in _jobs.items() if future.done()]:
            del _jobs[done]
        if key in _jobs or len(_jobs) >= MAX_THREADS + MAX_WAITING:
            return False
        if _executor is None:
            _executor = ThreadPoolExecutor(MAX_THREADS, thread_name_prefix="background")
        _jobs[key] = _executor.submit(_run, fn, kwargs)
    return True


def background_wait(timeout: float | None = None) -> bool:
    """Wait until every job started so far has finished (tests); False on timeout."""
    with _lock:
        futures = list(_jobs.values())
    _done, not_done = wait(futures, timeout=timeout)
    return not not_done
