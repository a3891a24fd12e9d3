from django.urls import path

from council.views import (
    bodies,
    commonisation,
    feeds,
    followups,
    materials,
    meetings,
    minutes,
    opinions,
    search,
    subscriptions,
)

app_name = "council"

urlpatterns = [
    path("", bodies.body_list, name="body-list"),
    path("feed/", feeds.PublicFeed(), name="meeting-feed"),
    path("bodies/<int:pk>/calendar.ics", feeds.body_calendar, name="body-calendar"),
    path("meetings/<int:pk>/data.json", meetings.meeting_json, name="meeting-json"),
    path("meetings/<int:pk>/calendar.ics", feeds.meeting_calendar, name="meeting-calendar"),
    path("search/", search.search, name="search"),
    path("bodies/<int:pk>/", bodies.body_detail, name="body-detail"),
    path("bodies/<int:pk>/subscribe/", subscriptions.subscription_create, name="subscription-create"),
    path(
        "subscriptions/confirm/<str:token>/", subscriptions.subscription_confirm, name="subscription-confirm"
    ),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        subscriptions.subscription_unsubscribe,
        name="subscription-unsubscribe",
    ),
    path("bodies/<int:pk>/members/add/", bodies.body_member_add, name="body-member-add"),
    path("members/<int:pk>/substitutes/add/", bodies.substitute_add, name="substitute-add"),
    path("bodies/<int:pk>/meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/status/", meetings.meeting_status, name="meeting-status"),
    path("meetings/<int:pk>/agenda/add/", meetings.agenda_item_add, name="agenda-item-add"),
    path("agenda/<int:pk>/change/", meetings.agenda_item_change, name="agenda-item-change"),
    path("agenda/<int:pk>/status/", meetings.agenda_item_status, name="agenda-item-status"),
    path("meetings/<int:pk>/attendance/", meetings.attendance_record, name="attendance-record"),
    path("meetings/<int:pk>/materials/add/", materials.material_add, name="material-add"),
    path("meetings/<int:pk>/minutes/", minutes.minutes_detail, name="minutes-detail"),
    path("meetings/<int:pk>/minutes/remarks/add/", minutes.remark_add, name="remark-add"),
    path("meetings/<int:pk>/minutes/summary/", minutes.minutes_summary, name="minutes-summary"),
    path("meetings/<int:pk>/minutes/status/", minutes.minutes_status, name="minutes-status"),
    path("meetings/<int:pk>/minutes/confirm/", minutes.minutes_confirm, name="minutes-confirm"),
    path("meetings/<int:pk>/follow-ups/add/", followups.follow_up_add, name="follow-up-add"),
    path("follow-ups/<int:pk>/status/", followups.follow_up_status, name="follow-up-status"),
    path("bodies/<int:pk>/opinions/new/", opinions.opinion_create, name="opinion-create"),
    path("opinions/<int:pk>/", opinions.opinion_detail, name="opinion-detail"),
    path("opinions/<int:pk>/status/", opinions.opinion_status, name="opinion-status"),
    path("opinions/<int:pk>/table.csv", opinions.opinion_table, {"fmt": "csv"}, name="opinion-table-csv"),
    path("opinions/<int:pk>/table.xlsx", opinions.opinion_table, {"fmt": "xlsx"}, name="opinion-table-xlsx"),
    path("bodies/<int:pk>/candidates/", commonisation.candidate_list, name="candidate-list"),
    path("bodies/<int:pk>/candidates/new/", commonisation.candidate_create, name="candidate-create"),
    path("candidates/<int:pk>/", commonisation.candidate_detail, name="candidate-detail"),
    path("candidates/<int:pk>/status/", commonisation.candidate_status, name="candidate-status"),
    path("candidates/<int:pk>/projects/", commonisation.candidate_link, name="candidate-link"),
    path("materials/<int:pk>/replace/", materials.material_replace, name="material-replace"),
    path("materials/<int:pk>/v<int:version>/", materials.material_file, name="material-file"),
    path(
        "materials/<int:pk>/v<int:version>/status/",
        materials.material_version_status,
        name="material-version-status",
    ),
]
