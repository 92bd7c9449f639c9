"""Order pages of the portal (filled by the buying issue)."""

from django.urls import path

from . import views

urlpatterns = [
    path("don-hang/", views.coming_soon("Đơn hàng"), name="orders"),
]
