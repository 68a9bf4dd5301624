"""Shared helpers for tests that drive Debian's chromium through playwright (a plain module to import).

    from browser_support import browser, open_page  # noqa: F401  (``browser`` is a fixture)

* :func:`chromium_path` returns ``/usr/bin/chromium`` (or ``$KOREA_NOTES_CHROMIUM``) or skips the test;
  with ``KOREA_NOTES_REQUIRE_BROWSER=1`` (as in CI) a missing browser FAILS the test instead.
* ``browser`` is a module-scoped fixture: one headless chromium per test module.
* :func:`open_page` opens a URL with every request that is not ``file:`` / ``data:`` / ``about:`` aborted
  (or answered by your own handler), and records console errors, page errors and dialogs (``alert``).

Never run ``playwright install``: playwright drives the system chromium.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REQUIRE_ENV = "KOREA_NOTES_REQUIRE_BROWSER"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run"]
LOCAL_SCHEMES = ("file:", "data:", "about:", "blob:")
Handler = Callable[[Any, Any], bool]  # (route, request) -> True if it fulfilled the request


def chromium_path() -> str:
    """Return the chromium executable; skip the test without one (fail if KOREA_NOTES_REQUIRE_BROWSER=1)."""
    candidates = [os.environ.get("KOREA_NOTES_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    message = "Debian's chromium is not installed (bash scripts/install_browser.sh)"
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{message}, and {REQUIRE_ENV}=1 requires it", pytrace=False)
    pytest.skip(message)


def launch_args() -> list[str]:
    """Return the chromium command-line switches every browser test uses (a fresh list)."""
    return list(LAUNCH_ARGS)


def route_offline(page: Any, *, allow_hosts: set[str] | frozenset[str] = frozenset(),
                  handler: Handler | None = None) -> list[str]:
    """Abort every request of ``page`` except local ones (``file:``, ``data:`` ...) and ``allow_hosts``.

    Parameters
    ----------
    page
        A playwright Page (or BrowserContext).
    allow_hosts
        Host names let through, e.g. ``{"127.0.0.1"}`` for a local server.
    handler
        Called for other requests first; returns True if it fulfilled the request itself.

    Returns
    -------
    list of str
        Filled with the URLs aborted, as they happen.
    """
    from urllib.parse import urlsplit

    aborted: list[str] = []

    def route(route: Any, request: Any) -> None:
        url = request.url
        if url.startswith(LOCAL_SCHEMES) or (urlsplit(url).hostname or "") in allow_hosts:
            route.continue_()
        elif handler is None or not handler(route, request):
            aborted.append(url)
            route.abort()

    page.route("**/*", route)
    return aborted


def _sync_playwright() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"playwright is not installed, and {REQUIRE_ENV}=1 requires it", pytrace=False)
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    return sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless chromium for the test module."""
    executable = chromium_path()
    with _sync_playwright()() as p:
        instance = p.chromium.launch(executable_path=executable, args=LAUNCH_ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()


@dataclass
class PageLog:
    """What happened while a page was open."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    aborted: list[str] = field(default_factory=list)
    served: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # every request that failed (aborted ones included)


def open_page(browser: Any, url: str, *, handler: Handler | None = None,
              viewport: tuple[int, int] = (1100, 800), wait_for: str | None = None,
              timeout_ms: int = 15000) -> tuple[Any, PageLog]:
    """Open ``url`` in a new page with the network blocked; return the page and its log.

    Parameters
    ----------
    browser
        The playwright Browser (fixture ``browser``).
    url
        Usually ``path.as_uri()`` of a saved HTML file.
    handler
        Called for each non-local request; returns True if it fulfilled the request (e.g. from a local
        file). Requests it does not handle are aborted and listed in ``log.aborted``.
    viewport
        Width and height in pixels.
    wait_for
        A JavaScript expression to wait for (truthy) after loading.
    timeout_ms
        How long to wait for the load and for ``wait_for``.
    """
    log = PageLog()
    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.on("console", lambda msg: log.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: log.page_errors.append(str(exc)))
    page.on("requestfailed", lambda request: log.failed.append(request.url))

    def on_dialog(dialog: Any) -> None:
        log.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)

    def route(route: Any, request: Any) -> None:
        if request.url.startswith(LOCAL_SCHEMES):
            route.continue_()
        elif handler is not None and handler(route, request):
            log.served.append(request.url)
        else:
            log.aborted.append(request.url)
            route.abort()

    page.route("**/*", route)
    page.goto(url, wait_until="load", timeout=timeout_ms)
    if wait_for:
        page.wait_for_function(wait_for, timeout=timeout_ms)
    return page, log


def screenshot(page: Any, name: str) -> Path:
    """Save a PNG of the page to the artifacts folder (``KOREA_NOTES_ARTIFACTS`` or ./artifacts)."""
    default = Path(__file__).resolve().parent.parent / "artifacts"
    folder = Path(os.environ.get("KOREA_NOTES_ARTIFACTS", default))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=str(path), full_page=False)
    return path
