from django.urls import path

from talentpool.views import capacity, dispatch, jobs, talent, vendors

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
    path("dispatch/", dispatch.dispatch_list, name="dispatch-list"),
    path("dispatch/new/", dispatch.dispatch_edit, name="dispatch-create"),
    path("dispatch/<int:pk>/", dispatch.dispatch_detail, name="dispatch-detail"),
    path("dispatch/<int:pk>/edit/", dispatch.dispatch_edit, name="dispatch-edit"),
    path("dispatch/<int:pk>/status/", dispatch.dispatch_status, name="dispatch-status"),
    path("dispatch/<int:pk>/propose/", dispatch.dispatch_propose, name="dispatch-propose"),
    path("dispatch/<int:pk>/respond/", dispatch.dispatch_respond, name="dispatch-respond"),
    path("dispatch/<int:pk>/report/", dispatch.dispatch_report, name="dispatch-report"),
    path("programmes/", dispatch.programme_list, name="programme-list"),
    path("programmes/new/", dispatch.programme_edit, name="programme-create"),
    path("programmes/<int:pk>/", dispatch.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", dispatch.programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/status/", dispatch.programme_status, name="programme-status"),
    path("programmes/<int:pk>/costs.csv", dispatch.programme_costs_csv, name="programme-costs-csv"),
    path("programmes/<int:pk>/costs.xlsx", dispatch.programme_costs_xlsx, name="programme-costs-xlsx"),
    path("vendors/", vendors.vendor_list, name="vendor-list"),
    path("vendors/new/", vendors.vendor_edit, name="vendor-create"),
    path("vendors/<int:pk>/", vendors.vendor_detail, name="vendor-detail"),
    path("vendors/<int:pk>/edit/", vendors.vendor_edit, name="vendor-edit"),
]
