from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path, register_converter
from django.views.decorators.cache import cache_page

from . import views
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
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", cache_page(600)(sitemap_views.sitemap), {"sitemaps": SITEMAPS},
         name="sitemap"),
    path("healthz", views.healthz, name="healthz"),
]

# Product images on local storage (the default without S3) are served here, so a single
# process shows them; with S3 the storage hands out its own URLs and this route is unused.
if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    media_prefix = settings.MEDIA_URL.lstrip("/")
    if media_prefix and not media_prefix.startswith(("http:", "https:")):
        urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.*)$", views.media))
