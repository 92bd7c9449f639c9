"""Order pages of the portal (the buying issue's)."""

from django.urls import path

from . import orders

urlpatterns = [
    path("don-hang/", orders.order_list, name="orders"),
    path("giao-hang/", orders.shipping_methods, name="shipping_methods"),
    path("don-hang/<int:pk>/", orders.order_detail, name="order_detail"),
    path("don-hang/<int:pk>/phieu-dong-goi/", orders.packing_slip, name="packing_slip"),
    path("don-hang/<int:pk>/<slug:action>/", orders.order_action, name="order_action"),
]
