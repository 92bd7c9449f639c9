"""A shopper's first visit in Debian's Chromium at phone width: sign up, confirm from the
e-mail that reached the loopback SMTP server, sign in, add an address by choosing the
province and then the commune, sign out."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
EMAIL = "trinh.browser@example.vn"
PASSWORD = "Sen-Hong-Dong-Thap-2026"


@pytest.fixture
def shopper_cleanup(django_db_blocker):
    yield
    from backend.account.models import User

    with django_db_blocker.unblock():
        for user in User.objects.filter(email=EMAIL):
            user.addresses.all().delete()
            user.delete()


def test_sign_up_confirm_sign_in_add_an_address_sign_out(
    browser, live_url, smtp_server, settings, artifacts, shopper_cleanup
):
    settings.SITE_URL = live_url  # links in e-mails point at this server
    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        page.goto("/tai-khoan/dang-ky/")
        page.get_by_label("E-mail").fill(EMAIL)
        page.get_by_label(re.compile(r"^Họ và tên đệm")).fill("Võ Thị")
        page.get_by_label(re.compile(r"^Tên")).fill("Trinh")
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_label(re.compile("Tôi đã đọc và đồng ý")).check()
        page.get_by_role("button", name="Tạo tài khoản").click()
        page.get_by_role("heading", name="Kiểm tra hộp thư của bạn").wait_for()

        mail = smtp_server.wait(EMAIL)
        assert mail.subject == "Xác nhận địa chỉ e-mail của bạn trên Sàn OCOP"
        page.goto(mail.link())
        page.get_by_role("button", name="Xác nhận e-mail").click()
        page.get_by_role("heading", name="Đã xác nhận e-mail").wait_for()

        page.locator("main").get_by_role("link", name="Đăng nhập").click()
        page.get_by_label("E-mail").fill(EMAIL)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url(re.compile(r"/tai-khoan/$"))
        assert page.locator("[data-signed-in]").inner_text() == "Tài khoản: Trinh"

        page.get_by_role("link", name="Thêm địa chỉ").click()
        page.get_by_label("Họ và tên đệm người nhận").fill("Võ Thị")
        page.get_by_label("Tên người nhận").fill("Trinh")
        page.get_by_label("Số điện thoại").fill("0912 345 678")
        commune = page.get_by_label("Xã/phường")
        assert commune.is_disabled()
        page.get_by_label("Tỉnh/thành phố").select_option("Tỉnh Lâm Đồng")
        page.locator('#f-city option[value="Xã Ninh Gia"]').wait_for(state="attached")
        assert commune.is_enabled()
        commune.select_option("Xã Ninh Gia")
        page.get_by_label("Số nhà, tên đường hoặc thôn/ấp").fill("Thôn Phú Thạnh")
        page.screenshot(path=str(artifacts / "account-address-phone.png"), full_page=True)
        page.get_by_role("button", name="Lưu địa chỉ").click()
        page.wait_for_url(re.compile(r"/tai-khoan/#so-dia-chi$"))
        card = page.locator(".address-card")
        assert "Thôn Phú Thạnh" in card.inner_text()
        assert "Xã Ninh Gia, Tỉnh Lâm Đồng" in card.inner_text()
        assert "+84912345678" in card.inner_text()

        page.get_by_role("button", name="Đăng xuất").click()
        page.wait_for_url(live_url + "/")
        assert page.locator("[data-signed-in]").count() == 0
        assert page.locator(".site-nav").get_by_role("link", name="Đăng nhập").is_visible()
    finally:
        context.close()
