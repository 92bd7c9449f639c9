"""The Content-Security-Policy (backend/core/security_headers.py) in a real browser: the
storefront and the admin run under it without one violation, and an injected inline
script would not run."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_pages_run_under_the_policy_without_violations(page, catalog):
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy violation: ' + e.violatedDirective + ' ' "
        "+ e.blockedURI));"
    )
    for path in ["/", "/tim-kiem/?q=nuoc+mam", f"/san-pham/{catalog['fish_sauce']}/",
                 f"/gian-hang/{catalog['fish_sauce_shop']}/", "/danh-muc/",
                 f"/kiem-tra-chung-nhan/?ma={catalog['product_code']}", "/admin/login/"]:
        response = page.goto(path)
        assert response.status == 200, path
        assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]
        page.wait_for_load_state("load")
    # The site's own script still works: suggestions appear as one types.
    page.goto("/")
    page.locator("#site-search").press_sequentially("nuoc ma", delay=30)
    page.get_by_role("option").first.wait_for()
    assert violations == []

    # An inline script without the nonce (what an injection would be) is refused.
    page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.injected = true'; document.body.appendChild(s); }""")
    assert page.evaluate("() => window.injected === true") is False
    assert any("script-src" in v for v in violations)
