from django.contrib import admin
from django.urls import path

from .views import upload_view

app_name = "catalog_import"

urlpatterns = [
    # admin_view: staff only, unauthenticated users go to the admin login.
    path("upload/", admin.site.admin_view(upload_view), name="upload"),
]
