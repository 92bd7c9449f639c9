"""The admin's sign-in page checks passwords through the login throttle."""

from django.contrib import admin

from .forms import AdminLoginForm

admin.site.login_form = AdminLoginForm
