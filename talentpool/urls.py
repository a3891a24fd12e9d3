from django.urls import path

from talentpool import job_views, views

app_name = "talentpool"

urlpatterns = [
    path("", views.talent_search, name="talent-search"),
    path("<int:pk>/", views.talent_detail, name="talent-detail"),
    path("<int:pk>/capacity/", views.talent_capacity, name="talent-capacity"),
    path("<int:pk>/edit/", views.talent_edit, name="talent-edit"),
    path("<int:pk>/status/", views.talent_status, name="talent-status"),
    path("<int:pk>/career/", views.talent_career, name="talent-career"),
    path("<int:pk>/photo/", views.talent_photo, name="talent-photo"),
    path("pool/", views.pool_list, name="pool-list"),
    path("new/", views.talent_create, name="talent-create"),
    path("jobs/", job_views.job_list, name="job-list"),
    path("jobs/new/", job_views.job_edit, name="job-create"),
    path("jobs/<int:pk>/", job_views.job_detail, name="job-detail"),
    path("jobs/<int:pk>/edit/", job_views.job_edit, name="job-edit"),
    path("jobs/<int:pk>/status/", job_views.job_status, name="job-status"),
    path("jobs.csv", job_views.job_export_csv, name="job-export-csv"),
    path("jobs.json", job_views.job_export_json, name="job-export-json"),
    path("vendors/", views.vendor_list, name="vendor-list"),
    path("vendors/new/", views.vendor_edit, name="vendor-create"),
    path("vendors/<int:pk>/", views.vendor_detail, name="vendor-detail"),
    path("vendors/<int:pk>/edit/", views.vendor_edit, name="vendor-edit"),
]
