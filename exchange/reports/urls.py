from django.urls import path

from exchange.reports import views

app_name = "reports"

urlpatterns = [
    path("perjanjian/<int:agreement_pk>/", views.period_list, name="period_list"),
    path("jatuh-tempo/<int:due_pk>/susun/", views.run_request, name="run_request"),
    path("<int:pk>/", views.run_detail, name="run_detail"),
    path("<int:pk>/status/", views.run_status, name="run_status"),
    path("<int:pk>/lengkapi/", views.run_complete, name="run_complete"),
    path("<int:pk>/terbitkan/", views.run_issue, name="run_issue"),
    path("<int:pk>/laporan.pdf", views.run_pdf, name="run_pdf"),
    path("<int:pk>/laporan.xlsx", views.run_xlsx, name="run_xlsx"),
]
