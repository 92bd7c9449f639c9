from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path, register_converter
from django.views.decorators.cache import cache_page

from backend.media.serving import serve_media

from . import account_views, address_views, cart_views, english, views
from .sitemaps import SITEMAPS

app_name = "storefront"


class SlugConverter:
    """A slug as stored (at most 255 characters): longer paths are simply not found."""

    regex = "[-a-zA-Z0-9_]{1,255}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SlugConverter, "storeslug")
EN = {"lang": "en"}

urlpatterns = [
    path("", views.home, name="home"),
    path("tim-kiem/", views.search, name="search"),
    path("goi-y/", views.suggestions, name="suggestions"),
    path("san-pham/<storeslug:slug>/", views.product_detail, name="product"),
    path("gian-hang/<storeslug:slug>/", views.producer_shop, name="shop"),
    path("danh-muc/", views.categories, name="categories"),
    path("danh-muc/<storeslug:slug>/", views.category, name="category"),
    path("nhom-san-pham/<storeslug:slug>/", views.product_group, name="group"),
    path("kiem-tra-chung-nhan/", views.certificate_check, name="certificate_check"),
    path("bo-suu-tap/<storeslug:slug>/", english.collection_vi, name="collection"),
    path("trang/<storeslug:slug>/", english.page_vi, name="page"),
    # The English storefront (storefront_theme/english.py).
    path("en/", english.home, name="en_home"),
    path("en/products/", english.search, name="en_search"),
    path("en/product/<storeslug:slug>/", english.product, name="en_product"),
    path("en/collection/<storeslug:slug>/", english.collection, name="en_collection"),
    path("en/page/<storeslug:slug>/", english.page, name="en_page"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", cache_page(600)(sitemap_views.sitemap), {"sitemaps": SITEMAPS},
         name="sitemap"),
    # Accounts.
    path("tai-khoan/", account_views.account, name="account"),
    path("tai-khoan/dang-ky/", account_views.sign_up, name="sign_up"),
    path("tai-khoan/xac-nhan/", account_views.confirm, name="confirm"),
    path("tai-khoan/dang-nhap/", account_views.sign_in, name="sign_in"),
    path("tai-khoan/dang-xuat/", account_views.sign_out, name="sign_out"),
    path("tai-khoan/quen-mat-khau/", account_views.password_forgot, name="password_forgot"),
    path("tai-khoan/quen-mat-khau/dat-lai/", account_views.password_reset,
         name="password_reset"),
    path("tai-khoan/doi-mat-khau/", account_views.password_change, name="password_change"),
    path("tai-khoan/du-lieu/", account_views.data_download, name="data_download"),
    path("tai-khoan/xoa/", account_views.delete_request, name="delete_request"),
    path("tai-khoan/xoa/xac-nhan/", account_views.delete_confirm, name="delete_confirm"),
    path("tai-khoan/xa-phuong/", account_views.communes, name="communes"),
    path("tai-khoan/dia-chi/them/", address_views.address_add, name="address_add"),
    path("tai-khoan/dia-chi/<int:address_id>/sua/", address_views.address_edit,
         name="address_edit"),
    path("tai-khoan/dia-chi/<int:address_id>/xoa/", address_views.address_delete,
         name="address_delete"),
    path("tai-khoan/dia-chi/<int:address_id>/mac-dinh/", address_views.address_default,
         name="address_default"),
    # Buying.
    path("gio-hang/", cart_views.cart, name="cart"),
    path("gio-hang/them/", cart_views.cart_add, name="cart_add"),
    path("gio-hang/cap-nhat/", cart_views.cart_update, name="cart_update"),
    path("gio-hang/so-luong/", cart_views.cart_count, name="cart_count"),
    path("thanh-toan/", cart_views.checkout_page, name="checkout"),
    path("don-hang/<str:token>/", cart_views.order_page, name="order"),
    path("don-hang/<str:token>/thanh-toan.json", cart_views.order_payment,
         name="order_payment"),
    path("don-hang/<str:token>/huy/", cart_views.order_cancel_part, name="order_cancel_part"),
    path("tai-khoan/don-hang/", cart_views.my_orders, name="my_orders"),
    # Buying in English: the same views, English texts and templates (buying_texts.py).
    path("en/cart/", cart_views.cart, EN, name="en_cart"),
    path("en/cart/add/", cart_views.cart_add, EN, name="en_cart_add"),
    path("en/cart/update/", cart_views.cart_update, EN, name="en_cart_update"),
    path("en/checkout/", cart_views.checkout_page, EN, name="en_checkout"),
    path("en/order/<str:token>/", cart_views.order_page, EN, name="en_order"),
    path("en/order/<str:token>/payment.json", cart_views.order_payment, EN,
         name="en_order_payment"),
    path("en/order/<str:token>/cancel/", cart_views.order_cancel_part, EN,
         name="en_order_cancel_part"),
    path("dieu-khoan/", account_views.legal, {"document": "terms"}, name="terms"),
    path("quyen-rieng-tu/", account_views.legal, {"document": "privacy"}, name="privacy"),
]

# Product images on local storage (the default without S3) are served here, so a single
# process shows them, with the headers that keep a user file from acting as a page; with S3
# the storage hands out its own URLs, and with MEDIA_URL on another host
# backend.media.serving.MediaHostMiddleware serves them there instead.
if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    media_prefix = settings.MEDIA_URL.lstrip("/")
    if media_prefix and not media_prefix.startswith(("http:", "https:")):
        urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.*)$", serve_media))
