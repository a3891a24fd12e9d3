"""Talent pool forms."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import OrganisationChoiceField
from portal.models import Organisation
from talentpool.models import (
    Activity,
    DispatchProgramme,
    DispatchRequest,
    FollowUpSurvey,
    JobPosting,
    ProficiencyLevel,
    SkillRole,
    Talent,
)
from talentpool.photos import PhotoField


class CapacityForm(forms.Form):
    month = forms.CharField(
        label=_("月"), widget=forms.DateInput(attrs={"type": "month"}), help_text=_("例：2026-05")
    )
    days = forms.DecimalField(label=_("稼働できる日数"), min_value=0, max_value=31, decimal_places=1)
    note = forms.CharField(
        label=_("備考"), required=False, max_length=200, help_text=_("例：年次休暇、他業務")
    )

    def clean_month(self):
        value = self.cleaned_data["month"]
        try:
            return datetime.date.fromisoformat(f"{value}-01")
        except ValueError as error:
            raise forms.ValidationError(_("月は「2026-05」の形で入力してください。")) from error


class TalentForm(forms.ModelForm):
    """A profile; coordinators also set how the person is employed and whether other prefectures see it."""

    COORDINATOR_ONLY = ("employment_form", "affiliation", "affiliation_name", "shared_across_prefectures")

    class Meta:
        model = Talent
        fields = [
            "display_name",
            "name_kana",
            "employment_form",
            "affiliation",
            "affiliation_name",
            "home_prefecture",
            "work_style",
            "travel_areas",
            "languages",
            "certifications",
            "introduction",
            "themes",
            "shared_across_prefectures",
        ]
        widgets = {
            "travel_areas": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "introduction": forms.Textarea(attrs={"rows": 6}),
            "certifications": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"introduction": _("Markdown（強調、箇条書き、リンク）が使えます。")}

    photo_upload = PhotoField(
        label=_("写真"),
        required=False,
        help_text=_("JPEG・PNG・WebP、3MBまで。位置情報などの付加情報は削除して保存します。"),
    )
    photo_remove = forms.BooleanField(label=_("写真を削除する"), required=False)

    def profile_changes(self) -> dict:
        """The edited fields and the photo (bytes, or remove_photo), as update_talent_profile takes them."""
        changes = dict(self.cleaned_data)
        upload, remove = changes.pop("photo_upload", None), changes.pop("photo_remove", False)
        return {"changes": changes, "photo": upload.read() if upload else None, "remove_photo": remove}

    def __init__(self, *args, manage: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.photo:
            del self.fields["photo_remove"]
        if not manage:
            for name in self.COORDINATOR_ONLY:
                del self.fields[name]


class SkillsForm(forms.Form):
    """One proficiency choice per role of the skill standards (blank: not held)."""

    def __init__(self, *args, roles, levels, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("持っていない")), *[(str(level.pk), str(level)) for level in levels]]
        self.roles = {}
        for role in roles:
            name = f"skill_{role.code}"
            self.roles[name] = role
            self.fields[name] = forms.ChoiceField(
                label=str(role), choices=choices, required=False, initial=current.get(role.pk, "")
            )
        self.levels = {str(level.pk): level for level in levels}

    @classmethod
    def for_talent(cls, talent: Talent, data=None) -> SkillsForm:
        """Every role of the standards, with the talent's current levels."""
        return cls(
            data,
            roles=SkillRole.objects.select_related("type").order_by("type__order", "order"),
            levels=ProficiencyLevel.objects.all(),
            current=dict(talent.skills.values_list("role_id", "level_id")),
        )

    def chosen_levels(self) -> dict:
        """{role: level, or None where not held} as chosen in the form."""
        return {role: self.levels.get(self.cleaned_data[name]) for name, role in self.roles.items()}


class TalentCreateForm(TalentForm):
    """A new profile, placed in one of the pools the coordinator manages."""

    pool = OrganisationChoiceField(label=_("所属する人材プール"), queryset=None)

    field_order = ["pool"]

    def __init__(self, *args, pools, **kwargs):
        super().__init__(*args, manage=True, **kwargs)
        self.fields["pool"].queryset = pools
        self.order_fields(["pool", *self.Meta.fields])


class TrainingForm(forms.Form):
    name = forms.CharField(
        label=_("研修名"), max_length=200, help_text=_("例：実践的サイバー防御演習 CYDER コースB")
    )
    completed_on = forms.DateField(label=_("修了日"), widget=forms.DateInput(attrs={"type": "date"}))


class JobPostingForm(forms.ModelForm):
    class Meta:
        model = JobPosting
        fields = [
            "organisation",
            "title",
            "duties",
            "conditions",
            "appointment",
            "joint_appointment",
            "remote_allowed",
            "side_job_allowed",
        ]
        widgets = {
            "duties": forms.Textarea(attrs={"rows": 5}),
            "conditions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, organisations, roles, levels, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        choices = [("", _("求めない")), *[(str(level.pk), str(level)) for level in levels]]
        self.roles = {}
        for role in roles:
            name = f"seek_{role.code}"
            self.roles[name] = role
            self.fields[name] = forms.ChoiceField(
                label=str(role), choices=choices, required=False, initial=current.get(role.pk, "")
            )
        self.levels = {str(level.pk): level for level in levels}

    @classmethod
    def for_posting(cls, posting: JobPosting, data=None, *, organisations) -> JobPostingForm:
        """The form for a new posting or a draft, with every role of the standards and its sought levels."""
        return cls(
            data,
            instance=posting,
            organisations=organisations,
            roles=SkillRole.objects.select_related("type").order_by("type__order", "order"),
            levels=ProficiencyLevel.objects.all(),
            current=dict(posting.roles_sought.values_list("role_id", "level_id")) if posting.pk else {},
        )

    def sought(self) -> list:
        """(role, minimum level) pairs chosen in the form."""
        return [
            (role, self.levels[self.cleaned_data[name]])
            for name, role in self.roles.items()
            if self.cleaned_data.get(name)
        ]


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(forms.ModelForm):
    """A prefecture's dispatch rules for a fiscal year."""

    class Meta:
        model = DispatchProgramme
        fields = [
            "prefecture",
            "fiscal_year",
            "max_days_per_case",
            "allow_repeat",
            "budget_days",
            "budget_yen",
            "unit_cost_yen",
            "share_national",
            "share_prefecture",
            "share_municipality",
            "window_opens",
            "window_closes",
            "report_deadline_days",
        ]
        widgets = {"window_opens": DATE, "window_closes": DATE}

    def __init__(self, *args, prefectures, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prefecture"].queryset = prefectures
        if self.instance.pk:
            del self.fields["prefecture"], self.fields["fiscal_year"]


class DispatchRequestForm(forms.ModelForm):
    """様式Ⅰ: the municipality's situation, goals, theme, roles needed, period and a nominated talent."""

    class Meta:
        model = DispatchRequest
        fields = [
            "municipality",
            "title",
            "theme",
            "situation",
            "goals",
            "success_measures",
            "work_style",
            "start_date",
            "end_date",
            "days_per_month",
            "urgency",
            "nominated_talent",
        ]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 4}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "success_measures": forms.Textarea(attrs={"rows": 2}),
            "start_date": DATE,
            "end_date": DATE,
        }

    @classmethod
    def for_request(cls, dispatch, *, data, municipalities, talents, asked: str = ""):
        """The form for a new or a saved request; `asked` is the 「この人材に依頼する」 link's talent."""
        initial = {}
        if dispatch.pk is None and data is None:
            # Digits only and short enough for a bigint: junk in the link is ignored, never a 500.
            nominated = talents.filter(pk=asked).first() if asked.isdigit() and len(asked) < 18 else None
            initial = {"nominated_talent": nominated, "municipality": municipalities.first()}
        current = dict(dispatch.roles_needed.values_list("role_id", "level_id")) if dispatch.pk else {}
        return cls(
            data,
            instance=dispatch,
            initial=initial,
            municipalities=municipalities,
            talents=talents,
            current=current,
        )

    def __init__(self, *args, municipalities, talents, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["nominated_talent"].queryset = talents
        levels = list(ProficiencyLevel.objects.all())
        choices = [("", _("求めない")), *[(str(level.pk), str(level)) for level in levels]]
        self.levels = {str(level.pk): level for level in levels}
        self.roles = {}
        for role in SkillRole.objects.select_related("type").order_by("type__order", "order"):
            name = f"need_{role.code}"
            self.roles[name] = role
            self.fields[name] = forms.ChoiceField(
                label=str(role), choices=choices, required=False, initial=current.get(role.pk, "")
            )

    def needed(self) -> list:
        """(role, minimum level) pairs chosen in the form."""
        return [
            (role, self.levels[self.cleaned_data[name]])
            for name, role in self.roles.items()
            if self.cleaned_data.get(name)
        ]


class ProposeForm(forms.Form):
    """Up to three candidates, in the order they are asked."""

    first = forms.ModelChoiceField(label=_("第1候補"), queryset=Talent.objects.none())
    second = forms.ModelChoiceField(label=_("第2候補"), queryset=Talent.objects.none(), required=False)
    third = forms.ModelChoiceField(label=_("第3候補"), queryset=Talent.objects.none(), required=False)

    def __init__(self, *args, talents, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first", "second", "third"):
            self.fields[name].queryset = talents

    def talents(self) -> list:
        return [t for t in (self.cleaned_data.get(n) for n in ("first", "second", "third")) if t]


class ReportForm(forms.Form):
    report = forms.CharField(
        label=_("実施報告（実施内容と成果）"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["date", "hours", "mode", "description"]
        widgets = {"date": DATE, "description": forms.Textarea(attrs={"rows": 2})}


class MonthlyReportForm(forms.Form):
    month = forms.DateField(label=_("月"), widget=forms.Select)
    summary = forms.CharField(
        label=_("今月の実施内容と成果"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )

    def __init__(self, *args, months=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].widget.choices = [(m.isoformat(), f"{m:%Y-%m}") for m in months]


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("評価（5点満点）"),
        coerce=int,
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("コメント"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )


class SharingForm(forms.Form):
    """The prefectures a talent is lent to (都道府県間の連携), every prefecture but the talent's own."""

    prefectures = forms.ModelMultipleChoiceField(
        label=_("この人材を共有する都道府県"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "選んだ都道府県の市町村からの依頼の候補になります。派遣には両県の同意（当県の同意と依頼元の県の承認）が必要です。"
        ),
    )

    def __init__(self, *args, talent: Talent, **kwargs):
        kwargs.setdefault("initial", {"prefectures": [s.prefecture_id for s in talent.sharings.all()]})
        super().__init__(*args, **kwargs)
        self.fields["prefectures"].queryset = Organisation.objects.prefectures().exclude(
            pk=talent.prefecture_id
        )


class FollowUpSurveyForm(forms.ModelForm):
    class Meta:
        model = FollowUpSurvey
        fields = ["lasting", "outcome", "further_needs"]
        widgets = {
            "lasting": forms.RadioSelect,
            "outcome": forms.Textarea(attrs={"rows": 4, "maxlength": 5000}),
            "further_needs": forms.Textarea(attrs={"rows": 3, "maxlength": 5000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lasting"].required = True
        self.fields["lasting"].choices = FollowUpSurvey.Lasting.choices
        self.fields["outcome"].required = True
        self.fields["outcome"].help_text = _("例：窓口の待ち時間が半分になり、職員だけで改善を続けている")
