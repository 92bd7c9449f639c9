"""The seller portal's addresses, under /nguoi-ban/. Orders and payouts keep their own
URL modules so the issues that build them own them."""

from django.urls import path

from . import views
from .orders_urls import urlpatterns as order_urls
from .payouts_urls import urlpatterns as payout_urls

app_name = "portal"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("chon-gian-hang/", views.switch_producer, name="switch_producer"),
    path("san-pham/", views.coming_soon("Sản phẩm"), name="products"),
    path("gian-hang/", views.coming_soon("Hồ sơ gian hàng"), name="profile"),
    path("doi-ngu/", views.coming_soon("Đội ngũ"), name="team"),
    path("tai-khoan-ngan-hang/", views.coming_soon("Tài khoản ngân hàng"), name="bank"),
    path("nhap-danh-sach/", views.coming_soon("Nhập danh sách sản phẩm"), name="import"),
    *order_urls,
    *payout_urls,
]
