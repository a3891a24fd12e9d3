from django.urls import path

from talentpool.views import capacity, jobs, talent, vendors

app_name = "talentpool"

urlpatterns = [
    path("", talent.talent_search, name="talent-search"),
    path("<int:pk>/", talent.talent_detail, name="talent-detail"),
    path("<int:pk>/capacity/", capacity.talent_capacity, name="talent-capacity"),
    path("<int:pk>/edit/", talent.talent_edit, name="talent-edit"),
    path("<int:pk>/status/", talent.talent_status, name="talent-status"),
    path("<int:pk>/career/", talent.talent_career, name="talent-career"),
    path("<int:pk>/photo/", talent.talent_photo, name="talent-photo"),
    path("pool/", talent.pool_list, name="pool-list"),
    path("new/", talent.talent_create, name="talent-create"),
    path("jobs/", jobs.job_list, name="job-list"),
    path("jobs/new/", jobs.job_edit, name="job-create"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job-detail"),
    path("jobs/<int:pk>/edit/", jobs.job_edit, name="job-edit"),
    path("jobs/<int:pk>/status/", jobs.job_status, name="job-status"),
    path("jobs.csv", jobs.job_export_csv, name="job-export-csv"),
    path("jobs.json", jobs.job_export_json, name="job-export-json"),
    path("vendors/", vendors.vendor_list, name="vendor-list"),
    path("vendors/new/", vendors.vendor_edit, name="vendor-create"),
    path("vendors/<int:pk>/", vendors.vendor_detail, name="vendor-detail"),
    path("vendors/<int:pk>/edit/", vendors.vendor_edit, name="vendor-edit"),
]
