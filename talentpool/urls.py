from django.urls import path

from talentpool import views

app_name = "talentpool"

urlpatterns = [
    path("", views.talent_search, name="talent-search"),
    path("<int:pk>/", views.talent_detail, name="talent-detail"),
    path("<int:pk>/capacity/", views.talent_capacity, name="talent-capacity"),
    path("<int:pk>/edit/", views.talent_edit, name="talent-edit"),
    path("<int:pk>/status/", views.talent_status, name="talent-status"),
    path("<int:pk>/career/", views.talent_career, name="talent-career"),
    path("pool/", views.pool_list, name="pool-list"),
    path("new/", views.talent_create, name="talent-create"),
    path("vendors/", views.vendor_list, name="vendor-list"),
    path("vendors/new/", views.vendor_edit, name="vendor-create"),
    path("vendors/<int:pk>/", views.vendor_detail, name="vendor-detail"),
    path("vendors/<int:pk>/edit/", views.vendor_edit, name="vendor-edit"),
]
