from django.urls import path

from procurement.views import (
    awards,
    contracts,
    costs,
    documents,
    opendata,
    projects,
    questions,
    requirements,
    surveys,
)

app_name = "procurement"

urlpatterns = [
    path("", projects.project_list, name="project-list"),
    path("open-data/", opendata.open_data, name="open-data"),
    path("open-data.json", opendata.open_data_json, name="open-data-json"),
    path("open-data.csv", opendata.open_data_csv, name="open-data-csv"),
    path("library/", documents.library, name="library"),
    path("new/", projects.project_create, name="project-create"),
    path("<int:pk>/", projects.project_detail, name="project-detail"),
    path("<int:pk>/edit/", projects.project_edit, name="project-edit"),
    path("<int:pk>/stages/", projects.project_stages, name="project-stages"),
    path("<int:pk>/status/", projects.project_status, name="project-status"),
    path("<int:pk>/survey/", surveys.survey_open, name="survey-open"),
    path("answers/<int:pk>/", surveys.participant_answer, name="participant-answer"),
    path("answers/<int:pk>/status/", surveys.participant_status, name="participant-status"),
    path("<int:pk>/requirements/", requirements.requirement_list, name="requirement-list"),
    path("<int:pk>/requirements/new/", requirements.requirement_create, name="requirement-create"),
    path("<int:pk>/requirements/vote/", requirements.requirement_vote, name="requirement-vote"),
    path("<int:pk>/requirements/matrix/", requirements.requirement_matrix, name="requirement-matrix"),
    path("requirements/<int:pk>/decide/", requirements.requirement_decide, name="requirement-decide"),
    path("<int:pk>/specification/", requirements.specification, name="specification"),
    path("<int:pk>/documents/", documents.document_list, name="document-list"),
    path("<int:pk>/documents/new/", documents.document_create, name="document-create"),
    path(
        "documents/<int:pk>/versions/new/", documents.document_version_create, name="document-version-create"
    ),
    path("documents/<int:pk>/share/", documents.document_share, name="document-share"),
    path("documents/<int:pk>/v<int:number>/", documents.document_file, name="document-file"),
    path("<int:pk>/questions/", questions.question_list, name="question-list"),
    path("<int:pk>/questions/new/", questions.question_create, name="question-create"),
    path("<int:pk>/questions/publish/", questions.question_publish, name="question-publish"),
    path("questions/<int:pk>/answer/", questions.question_answer, name="question-answer"),
    path("<int:pk>/award/", awards.award_edit, name="award-edit"),
    path("<int:pk>/contracts/new/", contracts.contract_create, name="contract-create"),
    path("<int:pk>/meetings/", contracts.meeting_list, name="meeting-list"),
    path("<int:pk>/meetings/new/", contracts.meeting_create, name="meeting-create"),
    path("<int:pk>/ocds.json", awards.project_ocds, name="project-ocds"),
    path("<int:pk>/costs/", costs.cost_rule, name="cost-rule"),
    path("<int:pk>/costs/simulator/", costs.cost_simulator, name="cost-simulator"),
    path("<int:pk>/costs/sheet/<str:lg_code>/", costs.share_sheet, name="share-sheet"),
    path("<int:pk>/costs/sheet/<str:lg_code>.xlsx", costs.share_sheet_xlsx, name="share-sheet-xlsx"),
    path("<int:pk>/costs.csv", costs.share_csv, name="share-csv"),
    path("<int:pk>/costs.xlsx", costs.share_xlsx, name="share-xlsx"),
]
