"""Forms of joint procurement. Labels are visible, help text is specific, errors speak Japanese."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from portal.uploads import UploadField
from procurement.models import (
    Award,
    CostRule,
    Document,
    Meeting,
    Participant,
    Project,
    Requirement,
    Vendor,
    Visibility,
    Vote,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "lead_body",
            "title",
            "category",
            "description",
            "method",
            "contract_model",
            "system",
            "questions_close_on",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 5}), "questions_close_on": DATE}

    def __init__(self, *args, lead_bodies, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["lead_body"]
        else:
            self.fields["lead_body"].queryset = lead_bodies


class StatusForm(forms.Form):
    status = forms.CharField(max_length=30)
    note = forms.CharField(label=_("理由"), required=False, max_length=500)


class RequirementDecisionForm(forms.Form):
    status = forms.ChoiceField(choices=Requirement.Status.choices)
    note = forms.CharField(
        label=_("理由"), max_length=500, error_messages={"required": _("理由を入力してください。")}
    )
    merge_into = forms.IntegerField(label=_("統合先の要件番号"), required=False, min_value=1)


class StagePlanForm(forms.Form):
    """One start date, end date and visibility per stage (field names: <stage>_starts_on …)."""

    def __init__(self, *args, plans: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.stages = []
        for stage in Project.Status:
            plan = plans.get(stage)
            self.fields[f"{stage}_starts_on"] = forms.DateField(
                label=_("%(stage)s 開始予定日") % {"stage": stage.label},
                required=False,
                widget=DATE,
                initial=plan.starts_on if plan else None,
            )
            self.fields[f"{stage}_ends_on"] = forms.DateField(
                label=_("%(stage)s 終了予定日") % {"stage": stage.label},
                required=False,
                widget=DATE,
                initial=plan.ends_on if plan else None,
            )
            self.fields[f"{stage}_visibility"] = forms.ChoiceField(
                label=_("%(stage)s 公開範囲") % {"stage": stage.label},
                choices=Visibility.choices,
                initial=plan.visibility if plan else Visibility.PARTICIPANTS,
            )
            self.stages.append(
                (stage, self[f"{stage}_starts_on"], self[f"{stage}_ends_on"], self[f"{stage}_visibility"])
            )

    def plan(self) -> dict[str, dict]:
        return {
            stage: {
                "starts_on": self.cleaned_data[f"{stage}_starts_on"],
                "ends_on": self.cleaned_data[f"{stage}_ends_on"],
                "visibility": self.cleaned_data[f"{stage}_visibility"],
            }
            for stage in Project.Status
        }


class SurveyOpenForm(forms.Form):
    deadline = forms.DateField(label=_("回答期限"), widget=DATE)
    reminder_days = forms.IntegerField(
        label=_("督促する日（期限の何日前）"), min_value=0, max_value=60, initial=3
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("対象の市区町村"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("既定では県内のすべての市区町村です。"),
    )
    note = forms.CharField(label=_("参加団体へのメッセージ"), required=False, max_length=500)

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        prefecture = project.lead_body.governing_prefecture
        queryset = (
            Organisation.objects.municipalities().filter(prefecture=prefecture).order_by("lg_code")
            if prefecture
            else Organisation.objects.municipalities().order_by("lg_code")
        )
        self.fields["municipalities"].queryset = queryset
        if prefecture:
            self.fields["municipalities"].initial = list(queryset.values_list("pk", flat=True))


class AnswerForm(forms.ModelForm):
    budget_secured = forms.TypedChoiceField(
        label=_("来年度予算の確保"),
        choices=[("", _("未定")), ("true", _("確保済み・確保の見込み")), ("false", _("確保していない"))],
        coerce=lambda value: value == "true",
        empty_value=None,
        required=False,
    )

    class Meta:
        model = Participant
        fields = ["intent", "expected_accounts", "expected_transactions", "budget_secured", "comment"]
        widgets = {"intent": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intent"].required = True
        self.fields["intent"].choices = Participant.Intent.choices
        self.fields["expected_accounts"].max_value = 10**7
        self.fields["expected_transactions"].max_value = 10**9


class CostRuleForm(forms.ModelForm):
    class Meta:
        model = CostRule
        fields = [
            "total_amount",
            "unit",
            "equal_weight",
            "population_weight",
            "volume_weight",
            "population_exponent",
            "volume_measure",
            "confirm_by",
        ]
        widgets = {"confirm_by": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["total_amount"].max_value = 10**13

    def clean(self):
        data = super().clean()
        weights = [data.get(name) for name in ("equal_weight", "population_weight", "volume_weight")]
        if all(weight is not None for weight in weights) and sum(weights) != 100:
            raise forms.ValidationError(_("均等割・人口割・利用量割の合計を100%にしてください。"))
        total, unit = data.get("total_amount"), data.get("unit")
        if total is not None and unit and total % unit:
            self.add_error("total_amount", _("総額は端数処理の単位の倍数にしてください。"))
        return data

    def validate_constraints(self, exclude=None):
        """The project is set by the service; the form's own checks above say the same in words."""


class RequirementForm(forms.ModelForm):
    class Meta:
        model = Requirement
        fields = ["section", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class VoteForm(forms.Form):
    """One choice and comment per requirement (field names: choice_<pk>, comment_<pk>)."""

    def __init__(self, *args, requirements, votes: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for requirement in requirements:
            vote = votes.get(requirement.pk)
            self.fields[f"choice_{requirement.pk}"] = forms.ChoiceField(
                label=_("%(number)s. の評価") % {"number": requirement.number},
                choices=[("", _("未回答")), *Vote.Choice.choices],
                required=False,
                initial=vote.choice if vote else "",
            )
            self.fields[f"comment_{requirement.pk}"] = forms.CharField(
                label=_("%(number)s. へのコメント") % {"number": requirement.number},
                required=False,
                max_length=500,
                initial=vote.comment if vote else "",
            )
            self.rows.append(
                (requirement, self[f"choice_{requirement.pk}"], self[f"comment_{requirement.pk}"])
            )

    def votes(self) -> dict[int, tuple[str, str]]:
        return {
            requirement.pk: (
                self.cleaned_data[f"choice_{requirement.pk}"],
                self.cleaned_data[f"comment_{requirement.pk}"],
            )
            for requirement, _choice, _comment in self.rows
            if self.cleaned_data[f"choice_{requirement.pk}"]
        }


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("質問"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class VendorQuestionForm(forms.Form):
    """The public form: no account; what is typed comes back with the errors if anything is missing."""

    vendor_name = forms.CharField(
        label=_("会社名"),
        max_length=200,
        error_messages={"required": _("会社名を入力してください。")},
        help_text=_("代表団体だけが見ます。回答を公表するときに会社名は表示しません。"),
    )
    vendor_email = forms.EmailField(
        label=_("連絡先メールアドレス"),
        max_length=254,
        error_messages={
            "required": _("連絡先メールアドレスを入力してください。"),
            "invalid": _("メールアドレスの形式で入力してください（例: tanaka@example.co.jp）。"),
        },
    )
    text = forms.CharField(
        label=_("質問"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("質問を入力してください。"),
            "max_length": _("質問は%(limit_value)d文字以内で入力してください。"),
        },
    )


class AnswerQuestionForm(forms.Form):
    answer = forms.CharField(label=_("回答"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class AwardForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = ["supplier_name", "supplier_number", "initial_amount", "annual_amount", "awarded_on"]
        widgets = {"awarded_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initial_amount"].max_value = 10**13
        self.fields["annual_amount"].max_value = 10**13

    def validate_constraints(self, exclude=None):
        """The project is set by the service."""


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("種類"), choices=Document.Kind.choices)
    title = forms.CharField(label=_("文書名"), max_length=200)
    shareable = forms.BooleanField(
        label=_("他の都道府県と共有してよい（仕様書のみ）"),
        required=False,
        help_text=_("共有すると、すべての地方公共団体の職員が仕様書ライブラリで読めます。"),
    )
    file = UploadField(label=_("ファイル（PDF・Word・Excel・PowerPoint、10MBまで）"))


class DocumentVersionForm(forms.Form):
    change_note = forms.CharField(
        label=_("変更の内容"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("変更の内容を入力してください。")},
    )
    file = UploadField(label=_("新しい版のファイル"))


class ShareForm(forms.Form):
    shareable = forms.BooleanField(required=False)


class VendorForm(forms.ModelForm):
    class Meta:
        model = Vendor
        fields = [
            "prefecture",
            "name",
            "kind",
            "website",
            "email",
            "phone",
            "description",
            "roles",
            "themes",
            "unified_qualification",
            "dmp_listed",
        ]
        widgets = {
            "roles": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, prefectures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].queryset = prefectures
        self.fields["roles"].queryset = self.fields["roles"].queryset.order_by("type__order", "order")


class ContractForm(forms.Form):
    """One signed contract: whose (one of the project's contract lines), its number and date."""

    buyer = forms.TypedChoiceField(label=_("契約する団体"), coerce=int)
    number = forms.CharField(label=_("契約番号"), max_length=50)
    signed_on = forms.DateField(label=_("契約日"), widget=DATE)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buyer"].choices = [(line.buyer.pk, line.buyer.name) for line in lines]


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["held_on", "title", "attendees", "minutes"]
        widgets = {"held_on": DATE, "attendees": forms.CheckboxSelectMultiple}

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = participants
        self.fields["attendees"].label_from_instance = lambda p: p.municipality.name


class SystemUseForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("利用している団体"),
        queryset=Organisation.objects.none(),
        error_messages={
            "required": _("団体を選んでください。"),
            "invalid_choice": _("団体を選んでください。"),
        },
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
