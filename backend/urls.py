from django.contrib import admin
from django.urls import include, path

from backend.account.views import jwks_view
from backend.core import health
from backend.graphql.views import GraphQLView
from backend.media.thumbnails import thumbnail_view

admin.site.site_header = "Quản trị sàn OCOP"
admin.site.site_title = "Sàn OCOP"
admin.site.index_title = "Quản trị"

urlpatterns = [
    path("admin/catalog_import/", include("catalog_import.urls")),
    path("admin/", admin.site.urls),
    path("graphql/", GraphQLView.as_view(), name="graphql"),
    path("webhooks/", include("backend.payment.urls")),
    path(
        "thumbnail/<int:media_pk>/<int:size>/<str:fmt>/<str:version>/",
        thumbnail_view,
        name="media-thumbnail",
    ),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path(".well-known/jwks.json", jwks_view, name="jwks"),
    path("nguoi-ban/", include("storefront_theme.portal.urls")),
    path("", include("storefront_theme.urls")),
]

# Vietnamese error pages from the storefront.
handler404 = "storefront_theme.views.page_not_found"
handler500 = "storefront_theme.views.server_error"
