"""A seller's first day in Debian's Chromium at phone width: a person claims a demo
producer's shop, the operator approves it in the admin, the owner invites a manager (the
link comes from the loopback SMTP server), the manager lists a product with a second
size, a photo and stock and publishes it; it shows in storefront search and its facet
counts; the operator suspends the producer and it is gone; reinstating brings it back."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PASSWORD = "Lua-Nuoc-Mam-Phu-Quoc-2026"
OWNER, MANAGER, OPERATOR = ("chu.browser@example.vn", "quanly.browser@example.vn",
                            "kiemduyet.browser@example.vn")
PRODUCT = "Mắm ruốc Zyxel thử nghiệm"


def png_bytes() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def people(django_db_blocker, demo_catalog):
    from django.contrib.auth.models import Permission

    from backend.account.models import User
    from backend.catalog.models import Product

    with django_db_blocker.unblock():
        producer = Product.objects.get(slug=demo_catalog["fish_sauce"]).producer
        users = {}
        for email in (OWNER, MANAGER, OPERATOR):
            users[email] = User.objects.create_user(email, PASSWORD,
                                                    is_staff=email == OPERATOR)
            users[email].first_name = "Thử"
            users[email].save()
        users[OPERATOR].user_permissions.add(*Permission.objects.filter(
            codename__in=["manage_sellers", "manage_products"]))
    yield {"producer": producer, **users}
    with django_db_blocker.unblock():
        _cleanup(producer)


def _cleanup(producer) -> None:
    from backend.account.models import User
    from backend.catalog.models import Product
    from backend.search.indexing import index_now
    from backend.sellers.models import (
        SellerAccount,
        SellerApplication,
        SellerAuditEntry,
        TeamInvitation,
    )

    ids = list(Product.objects.filter(name=PRODUCT).values_list("pk", flat=True))
    Product.objects.filter(pk__in=ids).update(default_variant=None)
    Product.objects.filter(pk__in=ids).delete()
    index_now(ids)
    SellerAccount.objects.filter(producer=producer).delete()
    SellerApplication.objects.filter(producer=producer).delete()
    TeamInvitation.objects.filter(producer=producer).delete()
    SellerAuditEntry.objects.filter(producer=producer).delete()
    User.objects.filter(email__in=[OWNER, MANAGER, OPERATOR]).delete()
    from backend.search.api import update_dirty

    update_dirty()


def _sign_in(browser, live_url, email):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    try:
        page.wait_for_url(re.compile(r"/tai-khoan/$"))
    except Exception:
        raise AssertionError(page.url + page.locator("main").inner_text()[:500]) from None
    return context, page


def _admin(browser, live_url):
    context = browser.new_context(locale="vi-VN", base_url=live_url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/admin/login/")
    page.locator("#id_username").fill(OPERATOR)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("input[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    return context, page


def _search_total(browser, live_url) -> tuple[int, str]:
    """Search as a new visitor: anonymous pages are public in HTTP caches for
    HTTP_CACHE_MAX_AGE, so a fresh browser context asks the server itself."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_url)
    try:
        page = context.new_page()
        page.goto(f"/tim-kiem/?q={PRODUCT.replace(' ', '+')}")
        total = int(page.locator(".result-count strong").inner_text())
        in_stock = page.locator("label[for=f-con-hang] .count")
        return total, (in_stock.text_content() or "").strip() if in_stock.count() else "0"
    finally:
        context.close()


def _operator_move(admin, model: str, pk, move: str, reason: str) -> None:
    admin.goto(f"/admin/sellers/{model}/{pk}/change/")
    admin.get_by_role("link", name=move, exact=True).click()
    admin.locator("textarea[name=reason]").fill(reason)
    admin.locator("input[type=submit]").click()
    admin.locator(".messagelist .success").wait_for()


def test_claim_approve_invite_list_publish_suspend_reinstate(
    browser, live_url, smtp_server, settings, people, artifacts
):
    settings.SITE_URL = live_url
    producer = people["producer"]
    contexts = []
    try:
        # 1. A person claims the demo producer's shop.
        owner_ctx, owner = _sign_in(browser, live_url, OWNER)
        contexts.append(owner_ctx)
        owner.goto("/nguoi-ban/dang-ky/")
        owner.get_by_label("Tên chủ thể hoặc mã số đăng ký", exact=True).fill(producer.name)
        owner.get_by_role("button", name="Tìm", exact=True).click()
        owner.get_by_role("link", name="Nhận gian hàng này").first.click()
        owner.get_by_label("Tên pháp lý (cơ sở hoặc cá nhân)", exact=True).fill(producer.name)
        owner.get_by_label("Mã số đăng ký kinh doanh / mã số doanh nghiệp", exact=True).fill("1700123456")
        owner.get_by_label("Người đại diện theo pháp luật", exact=True).fill("Nguyễn Văn Chủ")
        owner.get_by_label("Địa chỉ", exact=True).fill("khu phố 7, đặc khu Phú Quốc, tỉnh An Giang")
        owner.get_by_label("Điện thoại", exact=True).fill("0912345678")
        owner.get_by_label("E-mail", exact=True).fill(OWNER)
        owner.get_by_label("Ngân hàng", exact=True).select_option("970436")
        owner.get_by_label("Số tài khoản", exact=True).fill("0123456789")
        owner.get_by_label("Chủ tài khoản", exact=True).fill("NGUYEN VAN CHU")
        owner.get_by_label("Giấy chứng nhận đăng ký kinh doanh", exact=True).set_input_files(
            files=[{"name": "dkkd.pdf", "mimeType": "application/pdf",
                    "buffer": b"%PDF-1.4 giay phep"}])
        owner.get_by_role("button", name="Gửi hồ sơ").click()
        owner.get_by_text("Chờ duyệt").wait_for()

        # 2. The operator approves it in the admin.
        admin_ctx, admin = _admin(browser, live_url)
        contexts.append(admin_ctx)
        admin.goto("/admin/sellers/sellerapplication/")
        admin.get_by_role("link", name=producer.name).first.click()
        admin.get_by_text("Xem giấy tờ").wait_for()
        admin.get_by_role("link", name="Duyệt", exact=True).click()
        admin.locator("input[type=submit]").click()
        admin.locator(".messagelist .success").wait_for()
        assert "được duyệt" in smtp_server.wait(OWNER).subject

        # 3. The owner invites a manager; the link comes by e-mail.
        owner.goto("/nguoi-ban/doi-ngu/")
        owner.get_by_label("E-mail người được mời", exact=True).fill(MANAGER)
        owner.get_by_label("Vai trò", exact=True).select_option("manager")
        owner.get_by_role("button", name="Gửi lời mời").click()
        owner.get_by_text(f"Đã gửi lời mời tới {MANAGER}").wait_for()
        invitation = smtp_server.wait(MANAGER)
        manager_ctx, manager = _sign_in(browser, live_url, MANAGER)
        contexts.append(manager_ctx)
        manager.goto(invitation.link())
        manager.get_by_role("button", name="Nhận lời mời").click()
        manager.wait_for_url(re.compile(r"/nguoi-ban/$"))
        assert "Quản lý" in manager.locator(".portal-shop").inner_text()

        # 4. The manager lists a product with a photo and stock, adds a size, publishes.
        manager.goto("/nguoi-ban/san-pham/them/")
        manager.get_by_label("Tên sản phẩm").fill(PRODUCT)
        manager.get_by_label("Quy cách (ví dụ 500 ml)").fill("500 ml")
        manager.get_by_label("Giá bán (đồng)").fill("65000")
        manager.get_by_label("Khối lượng khi giao (gam)").fill("650")
        manager.get_by_label("Số lượng trong kho").fill("30")
        manager.get_by_label("Ảnh sản phẩm (chụp bằng điện thoại)").set_input_files(
            files=[{"name": "IMG_0420.png", "mimeType": "image/png", "buffer": png_bytes()}])
        manager.get_by_role("button", name="Lưu sản phẩm").click()
        manager.get_by_role("heading", name=PRODUCT).wait_for()
        manager.get_by_label("Quy cách (ví dụ 1 lít)").fill("1 lít")
        manager.get_by_label("Giá (đồng)").last.fill("120000")
        manager.get_by_label("Tồn kho").last.fill("12")
        manager.get_by_role("button", name="Thêm quy cách").click()
        manager.get_by_role("button", name="Đăng bán").click()
        manager.get_by_text("Đang bán").first.wait_for()
        manager.screenshot(path=str(artifacts / "seller-product-phone.png"), full_page=True)

        assert _search_total(browser, live_url) == (1, "1")

        # 5. Suspended: gone from search and facets; reinstated: back.
        from backend.sellers.models import SellerAccount

        account_pk = SellerAccount.objects.get(producer=producer).pk
        _operator_move(admin, "selleraccount", account_pk, "Tạm ngừng", "Kiểm tra khiếu nại")
        assert _search_total(browser, live_url) == (0, "0")
        _operator_move(admin, "selleraccount", account_pk, "Khôi phục", "Đã xác minh xong")
        assert _search_total(browser, live_url) == (1, "1")
    finally:
        for context in contexts:
            context.close()
