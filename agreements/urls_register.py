"""The Administrator's register of every agreement, under the administration's prefix (/admin/)."""

from django.urls import path

from agreements import views

app_name = "register"

urlpatterns = [path("", views.agreement_register, name="agreement_register")]
