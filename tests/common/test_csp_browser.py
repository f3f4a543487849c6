"""Browser, finding 14: the site, its verdict page, the API docs and the admin load under the
policy without a single violation (a blocked script or style would show as one)."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def test_pages_load_without_csp_violations(live_server, catalogue, chromium):
    User.objects.create_superuser("root", "root@example.org", "root-password-123456")
    page = chromium.new_page()
    page.add_init_script(REPORT_VIOLATIONS)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    violations: list[str] = []

    def visit(path: str, ready: str) -> None:
        page.goto(f"{live_server.url}{path}")
        page.locator(ready).first.wait_for(timeout=15_000)
        page.wait_for_load_state("networkidle")  # violation reports fire while resources load
        violations.extend(page.evaluate("window.__csp"))

    visit("/", "main")
    visit("/advies/?category=washing-machine", "#submit-advice")
    page.click("#submit-advice")
    page.wait_for_url("**/advies/*-*/", timeout=15_000)
    violations.extend(page.evaluate("window.__csp"))
    visit("/api/docs/", "text=/api/v1/verdicts/")
    visit(f"/{settings.ADMIN_URL}login/", "#id_username")
    page.fill("#id_username", "root")
    page.fill("#id_password", "root-password-123456")
    page.click("input[type=submit]")
    visit(f"/{settings.ADMIN_URL}partners/lead/", "#content")

    assert violations == []
    assert not [text for text in console if "Content Security Policy" in text], console
