"""The seller portal's addresses, under /nguoi-ban/. Orders and payouts keep their own
URL modules so the issues that build them own them."""

from django.urls import path

from . import importing, onboarding, products, shop, translations, views
from .orders_urls import urlpatterns as order_urls
from .payouts_urls import urlpatterns as payout_urls

app_name = "portal"

urlpatterns = [
    path("", shop.dashboard, name="dashboard"),
    path("chon-gian-hang/", views.switch_producer, name="switch_producer"),
    path("dang-ky/", onboarding.apply, name="apply"),
    path("ho-so-dang-ky/", onboarding.applications, name="applications"),
    path("ho-so-dang-ky/<int:pk>/bo-sung/", onboarding.resubmit, name="resubmit"),
    path("loi-moi/", shop.accept_invitation, name="accept_invitation"),
    path("san-pham/", products.product_list, name="products"),
    path("san-pham/them/", products.product_create, name="product_create"),
    path("san-pham/<int:pk>/", products.product_edit, name="product_edit"),
    path("san-pham/<int:pk>/ban-dich/", translations.product_translate,
         name="product_translate"),
    path("gian-hang/", shop.profile, name="profile"),
    path("doi-ngu/", shop.team_page, name="team"),
    path("tai-khoan-ngan-hang/", shop.bank, name="bank"),
    path("nhap-danh-sach/", importing.import_list, name="import"),
    *order_urls,
    *payout_urls,
]
