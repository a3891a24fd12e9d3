from django.urls import path
from django.views.generic import RedirectView

from talentpool.views import capacity, coverage, dispatch, documents, jobs, programmes, talent, work


def moved(pattern_name: str):
    """A permanent (301) redirect to where a page now lives, keeping the query string."""
    return RedirectView.as_view(pattern_name=pattern_name, permanent=True, query_string=True)


app_name = "talentpool"

urlpatterns = [
    path("", talent.talent_search, name="talent-search"),
    path("<int:pk>/", talent.talent_detail, name="talent-detail"),
    path("<int:pk>/capacity/", capacity.talent_capacity, name="talent-capacity"),
    path("<int:pk>/sharing/", capacity.talent_sharing, name="talent-sharing"),
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
    path("dispatch/load/", dispatch.dispatch_load, name="dispatch-load"),
    path("dispatch/unsupported/", coverage.dispatch_unsupported, name="dispatch-unsupported"),
    path("dispatch/new/", dispatch.dispatch_edit, name="dispatch-create"),
    path("dispatch/<int:pk>/", dispatch.dispatch_detail, name="dispatch-detail"),
    path("dispatch/<int:pk>/edit/", dispatch.dispatch_edit, name="dispatch-edit"),
    path("dispatch/<int:pk>/status/", dispatch.dispatch_status, name="dispatch-status"),
    path("dispatch/<int:pk>/propose/", dispatch.dispatch_propose, name="dispatch-propose"),
    path("dispatch/<int:pk>/rank/", dispatch.dispatch_rank, name="dispatch-rank"),
    path("dispatch/<int:pk>/respond/", dispatch.dispatch_respond, name="dispatch-respond"),
    path("dispatch/<int:pk>/consent/", dispatch.dispatch_consent, name="dispatch-consent"),
    path("dispatch/<int:pk>/forms/<str:document>/", documents.dispatch_document, name="dispatch-document"),
    path("dispatch/<int:pk>/report/", work.dispatch_report, name="dispatch-report"),
    path("dispatch/<int:pk>/activity/", work.dispatch_activity, name="dispatch-activity"),
    path("dispatch/<int:pk>/monthly/", work.dispatch_monthly, name="dispatch-monthly"),
    path(
        "dispatch/<int:pk>/monthly/<int:report_pk>/confirm/",
        work.dispatch_monthly_confirm,
        name="dispatch-monthly-confirm",
    ),
    path("dispatch/<int:pk>/attach/", dispatch.dispatch_attach, name="dispatch-attach"),
    path(
        "dispatch/<int:pk>/attachments/<int:attachment_pk>/",
        dispatch.dispatch_attachment,
        name="dispatch-attachment",
    ),
    path("dispatch/<int:pk>/rate/", work.dispatch_rate, name="dispatch-rate"),
    path("dispatch/<int:pk>/follow-up/", work.dispatch_follow_up, name="dispatch-follow-up"),
    path("programmes/", programmes.programme_list, name="programme-list"),
    path("programmes/new/", programmes.programme_edit, name="programme-create"),
    path("programmes/<int:pk>/", programmes.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", programmes.programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/status/", programmes.programme_status, name="programme-status"),
    path("programmes/<int:pk>/costs.csv", programmes.programme_costs_csv, name="programme-costs-csv"),
    path("programmes/<int:pk>/costs.xlsx", programmes.programme_costs_xlsx, name="programme-costs-xlsx"),
    # The vendor registry moved to procurement (/procurement/vendors/); old bookmarks follow it.
    path("vendors/", moved("procurement:vendor-list"), name="old-vendor-list"),
    path("vendors/new/", moved("procurement:vendor-create"), name="old-vendor-create"),
    path("vendors/<int:pk>/", moved("procurement:vendor-detail"), name="old-vendor-detail"),
    path("vendors/<int:pk>/edit/", moved("procurement:vendor-edit"), name="old-vendor-edit"),
]
