from django.urls import path

from exchange.partners import views

app_name = "partners"

urlpatterns = [
    path("", views.credential_list, name="credential_list"),
    path("perjanjian/<int:agreement_pk>/", views.credential_edit, name="credential_edit"),
]
