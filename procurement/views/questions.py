"""Clarification Q&A pages: published answers for everyone who sees the project, asking for the
participants, answering and publishing for the lead."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.middleware import client_ip
from procurement import forms, permissions
from procurement.exceptions import ProcurementError
from procurement.models import Question
from procurement.services import questions


def _asker(request, project):
    return next(
        (
            p
            for p in permissions.own_participants(request.user, project)
            if permissions.can_ask_question(request.user, p)
        ),
        None,
    )


def question_list(request, pk: int):
    project = permissions.get_project_for(request, pk)
    can_manage = permissions.can_manage_project(request.user, project)
    visible = Question.objects.visible_to(request.user).filter(project=project).with_askers()
    asker = _asker(request, project)
    context = {
        "project": project,
        "can_manage": can_manage,
        "questions": [
            (
                q,
                forms.AnswerQuestionForm(initial={"answer": q.answer}, prefix=f"q{q.pk}")
                if can_manage
                else None,
            )
            for q in visible.order_by("number")
        ],
        "asker": asker,
        "form": forms.QuestionForm() if asker else None,
        "vendors_may_ask": permissions.vendors_may_ask(project),
    }
    return render(request, "procurement/question_list.html", context)


@require_POST
@login_required
def question_create(request, pk: int):
    project = permissions.get_project_for(request, pk)
    asker = _asker(request, project)
    if asker is None:
        raise PermissionDenied
    form = forms.QuestionForm(request.POST)
    if form.is_valid():
        try:
            questions.ask_question(participant=asker, text=form.cleaned_data["text"], by=request.user)
            messages.success(request, _("質問を送りました。回答は参加団体すべてに同時に公表されます。"))
        except ProcurementError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("質問を入力してください。"))
    return redirect("procurement:question-list", pk=pk)


@require_POST
@login_required
def question_answer(request, pk: int):
    question = get_object_or_404(Question.objects.visible_to(request.user).select_related("project"), pk=pk)
    if not permissions.can_manage_project(request.user, question.project):
        raise PermissionDenied
    form = forms.AnswerQuestionForm(request.POST, prefix=f"q{question.pk}")
    if form.is_valid():
        try:
            questions.answer_question(question=question, answer=form.cleaned_data["answer"], by=request.user)
            messages.success(request, _("回答を保存しました。公表するまで質問した団体にも見えません。"))
        except ProcurementError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, _("回答を入力してください。"))
    return redirect("procurement:question-list", pk=question.project_id)


@require_POST
@login_required
def question_publish(request, pk: int):
    project = permissions.get_project_for(request, pk, manage=True)
    try:
        count = questions.publish_answers(project=project, by=request.user)
        messages.success(request, _("%(count)d件の回答を公表しました。") % {"count": count})
    except ProcurementError as error:
        messages.error(request, str(error))
    return redirect("procurement:question-list", pk=pk)


def vendor_question_form(request, pk: int):
    project = permissions.get_project_for(request, pk)
    form = forms.VendorQuestionForm() if permissions.vendors_may_ask(project) else None
    return render(request, "procurement/vendor_question_form.html", {"project": project, "form": form})


@require_POST
def vendor_question_create(request, pk: int):
    project = permissions.get_project_for(request, pk)
    form = forms.VendorQuestionForm(request.POST)
    if not permissions.vendors_may_ask(project):
        form.add_error(None, _("この案件は現在、事業者からの質問を受け付けていません。"))
    elif form.is_valid():
        try:
            questions.ask_vendor_question(project=project, ip=client_ip(request), **form.cleaned_data)
        except ProcurementError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("質問を受け付けました。回答は質問者の名前を伏せて、まとめて公表されます。")
            )
            return redirect("procurement:vendor-question-form", pk=pk)
    context = {"project": project, "form": form}
    return render(request, "procurement/vendor_question_form.html", context, status=200)
