from django.urls import path

from talentpool import views

app_name = "talentpool"

urlpatterns = [
    path("", views.talent_search, name="talent-search"),
    path("<int:pk>/", views.talent_detail, name="talent-detail"),
    path("<int:pk>/capacity/", views.talent_capacity, name="talent-capacity"),
]
