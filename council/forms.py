"""Council forms: parse and check input; the rules themselves live in models and services."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from council.models import (
    AgendaItem,
    Attendance,
    Audience,
    BodyMember,
    Candidate,
    FollowUp,
    Material,
    Meeting,
    Minutes,
    OpinionRequest,
    Subscription,
    Substitute,
)
from council.models.publication import PublicationStatus
from portal import uploads
from portal.models import Organisation

DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def datetime_field(label, *, required: bool, help_text="") -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        help_text=help_text,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class AudienceForm(forms.Form):
    audience = forms.ChoiceField(label=_("公開範囲"), choices=Audience.choices, initial=Audience.PUBLIC)
    release_at = datetime_field(
        _("公開日時"),
        required=False,
        help_text=_("日本時間。この日時から公開範囲の人が閲覧できます（空欄は直ちに）。"),
    )
    non_disclosure_reason = forms.CharField(
        label=_("非公開の理由"),
        required=False,
        max_length=300,
        help_text=_("一般公開しない場合は必須です（例：意思決定の過程にある情報のため）。"),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("audience") not in (None, Audience.PUBLIC)
            and not data.get("non_disclosure_reason", "").strip()
        ):
            self.add_error(
                "non_disclosure_reason", _("一般公開しない場合は、非公開の理由を入力してください。")
            )
        return data


class MeetingForm(AudienceForm):
    field_order = ["starts_at", "ends_at", "venue", "is_online"]
    starts_at = datetime_field(_("開始日時"), required=True, help_text=_("日本時間。例：2026-12-24T10:00"))
    ends_at = datetime_field(_("終了日時"), required=False)
    venue = forms.CharField(label=_("場所"), required=False, max_length=200)
    is_online = forms.BooleanField(label=_("オンライン開催"), required=False)

    def clean(self):
        data = super().clean()
        if not data.get("is_online") and not data.get("venue", "").strip():
            self.add_error("venue", _("場所を入力するか、オンライン開催にしてください。"))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("終了日時は開始日時より後にしてください。"))
        return data


class MeetingStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Meeting.Status.choices)
    note = forms.CharField(required=False, max_length=500)


class PublicationStatusForm(forms.Form):
    """The named action on a part of a meeting waiting for approval (a material version, an agenda
    item)."""

    status = forms.ChoiceField(choices=PublicationStatus.choices)
    note = forms.CharField(required=False, max_length=500)


class BodyMemberForm(forms.ModelForm):
    class Meta:
        model = BodyMember
        fields = ["name", "affiliation", "position", "term_start", "term_end"]
        widgets = {
            "term_start": forms.DateInput(attrs={"type": "date"}),
            "term_end": forms.DateInput(attrs={"type": "date"}),
        }


class AgendaItemChangeForm(forms.Form):
    title = forms.CharField(label=_("項目"), max_length=300)
    presenter = forms.CharField(label=_("説明者"), max_length=200, required=False)
    duration_minutes = forms.IntegerField(
        label=_("所要時間（分）"), min_value=1, max_value=600, required=False
    )
    position = forms.IntegerField(
        label=_("順序"), min_value=1, max_value=999, help_text=_("同じ階層の項目の中で何番目にするか。")
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label=_("項目"), max_length=300, help_text=_("例：開会、議事、閉会、共通化の進め方について")
    )
    parent = forms.ModelChoiceField(
        label=_("親の項目"),
        queryset=AgendaItem.objects.none(),
        required=False,
        help_text=_("「議事」の下の (1) (2) … にするときに選びます。"),
    )
    presenter = forms.CharField(label=_("説明者"), max_length=200, required=False)
    duration_minutes = forms.IntegerField(
        label=_("所要時間（分）"), min_value=1, max_value=600, required=False
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = AgendaItem.objects.filter(meeting=meeting, parent__isnull=True)


UploadField = uploads.UploadField


class MaterialForm(AudienceForm):
    field_order = ["kind", "number", "title", "agenda_item", "submitted_by", "file"]
    kind = forms.ChoiceField(label=_("種類"), choices=Material.Kind.choices)
    number = forms.RegexField(
        label=_("番号"),
        regex=r"^([0-9]{1,3}(-[0-9]{1,3})?)?$",
        max_length=10,
        required=False,
        help_text=_("「1」「2-1」のように。構成員提出資料は空欄でも構いません。"),
        error_messages={"invalid": _("番号は「1」や「2-1」のように半角数字で入力してください。")},
    )
    title = forms.CharField(label=_("資料名"), max_length=300)
    agenda_item = forms.ModelChoiceField(
        label=_("議事次第の項目"), queryset=AgendaItem.objects.none(), required=False
    )
    submitted_by = forms.ModelChoiceField(
        label=_("提出した構成員"), queryset=BodyMember.objects.none(), required=False
    )
    file = UploadField(label=_("ファイル"), help_text=_("PDF・Word・Excel・PowerPoint、10MBまで"))

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = AgendaItem.objects.filter(meeting=meeting).order_by(
            "parent_id", "position"
        )
        self.fields["submitted_by"].queryset = BodyMember.objects.filter(body=meeting.body)

    def clean(self):
        data = super().clean()
        if data.get("kind") != Material.Kind.MEMBER_SUBMITTED and not data.get("number"):
            self.add_error("number", _("資料の番号を入力してください。"))
        return data


class ReplaceMaterialForm(forms.Form):
    file = UploadField(label=_("差し替えるファイル"), help_text=_("PDF・Word・Excel・PowerPoint、10MBまで"))
    change_note = forms.CharField(
        label=_("差替えの内容"), max_length=500, help_text=_("例：P.5の数値の誤りを修正")
    )


class SubstituteChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("%(substitute)s（%(member)sの代理）") % {"substitute": obj, "member": obj.member.name}


class AttendanceForm(forms.Form):
    member = forms.ModelChoiceField(label=_("構成員"), queryset=BodyMember.objects.none())
    status = forms.ChoiceField(label=_("出欠"), choices=Attendance.Status.choices)
    substitute = SubstituteChoiceField(
        label=_("代理出席者"),
        queryset=Substitute.objects.none(),
        required=False,
        help_text=_("代理出席のときに、構成員の代理として登録された方から選びます。"),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = BodyMember.objects.filter(body=meeting.body)
        self.fields["substitute"].queryset = (
            Substitute.objects.filter(member__body=meeting.body)
            .select_related("member")
            .order_by("member__pk", "valid_from", "pk")
        )

    def clean(self):
        data = super().clean()
        substitute, member = data.get("substitute"), data.get("member")
        if data.get("status") == Attendance.Status.PROXY:
            if substitute is None:
                self.add_error("substitute", _("代理出席の場合は、その構成員の代理の方を選んでください。"))
            elif member is not None and substitute.member_id != member.pk:
                self.add_error("substitute", _("選んだ構成員の代理の方を選んでください。"))
        return data


class SubstituteForm(forms.Form):
    name = forms.CharField(label=_("氏名"), max_length=100)
    affiliation = forms.CharField(label=_("所属・役職"), max_length=200, required=False)
    valid_from = forms.DateField(label=_("代理の開始日"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(
        label=_("代理の終了日"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("空欄は終了日を定めない"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("代理の終了日は開始日以降の日付にしてください。"))
        return data


class RemarkForm(forms.Form):
    speaker = forms.ModelChoiceField(
        label=_("発言者（構成員）"),
        queryset=BodyMember.objects.none(),
        required=False,
        help_text=_("構成員の発言は、その構成員が確認します。事務局等の発言は空欄にして名前を入力します。"),
    )
    speaker_name = forms.CharField(
        label=_("発言者の表示"), max_length=100, help_text=_("例：青木座長、事務局")
    )
    text = forms.CharField(label=_("発言内容"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["speaker"].queryset = BodyMember.objects.filter(body=meeting.body)


class MinutesSummaryForm(forms.Form):
    summary = forms.CharField(
        label=_("議事要旨"),
        max_length=20000,
        help_text=_("議事の要点をまとめた文章です。議事録と同じ公開範囲で、議事録と一緒に公開されます。"),
        widget=forms.Textarea(attrs={"rows": 12}),
    )


class MinutesStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Minutes.Status.choices)
    note = forms.CharField(required=False, max_length=500)
    confirm_by = datetime_field(_("発言確認の期限"), required=False)


class ConfirmRemarksForm(forms.Form):
    """One text box per remark of the speaker, holding the text as it stands."""

    def __init__(self, *args, remarks, **kwargs):
        super().__init__(*args, **kwargs)
        self.remarks = remarks
        for remark in remarks:
            self.fields[f"remark_{remark.pk}"] = forms.CharField(
                label=_("%(position)d. %(speaker)s の発言")
                % {"position": remark.position, "speaker": remark.speaker_name},
                initial=remark.text,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    def corrections(self) -> dict[int, str]:
        return {remark.pk: self.cleaned_data[f"remark_{remark.pk}"] for remark in self.remarks}


class FollowUpForm(forms.Form):
    title = forms.CharField(label=_("宿題事項"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(label=_("担当団体"), queryset=Organisation.objects.none())
    due_on = forms.DateField(label=_("期限"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Follow-ups of the council fall to national bodies, the associations, the council itself or
        # a prefecture; listing every municipality would bury them.
        kinds = [Organisation.Kind.NATIONAL, Organisation.Kind.ASSOCIATION, Organisation.Kind.COUNCIL]
        self.fields["owner"].queryset = Organisation.objects.filter(
            Q(kind__in=kinds) | Q(kind=Organisation.Kind.PREFECTURE)
        ).order_by("kind", "lg_code", "name")


class FollowUpStatusForm(forms.Form):
    status = forms.ChoiceField(choices=FollowUp.Status.choices)
    note = forms.CharField(required=False, max_length=2000)
    reported_at = forms.ModelChoiceField(queryset=Meeting.objects.all(), required=False)


class OpinionRequestForm(AudienceForm):
    field_order = ["title", "question", "respondents", "deadline", "meeting"]
    title = forms.CharField(label=_("件名"), max_length=300)
    question = forms.CharField(
        label=_("照会事項"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
    )
    respondents = forms.ChoiceField(label=_("照会先"), choices=OpinionRequest.Respondents.choices)
    deadline = datetime_field(_("回答期限"), required=True, help_text=_("日本時間。例：2027-01-10T17:00"))
    meeting = forms.ModelChoiceField(label=_("関係する会議"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args, body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(body=body).order_by("number")
        self.fields["audience"].label = _("取りまとめ表の公開範囲")


class OpinionResponseForm(forms.Form):
    text = forms.CharField(label=_("意見"), max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))


class OpinionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=OpinionRequest.Status.choices)
    note = forms.CharField(required=False, max_length=500)


class SubscriptionForm(forms.Form):
    email = forms.EmailField(label=_("メールアドレス"), max_length=254)
    frequency = forms.ChoiceField(
        label=_("受け取り方"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.IMMEDIATE,
        widget=forms.RadioSelect,
    )


class CandidateForm(AudienceForm):
    field_order = ["title", "description", "proposer"]
    title = forms.CharField(label=_("候補名"), max_length=200)
    description = forms.CharField(label=_("概要"), max_length=20000, widget=forms.Textarea(attrs={"rows": 6}))
    proposer = forms.ModelChoiceField(label=_("提案団体"), queryset=Organisation.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Candidates come from ministries, the associations, prefectures and designated cities;
        # listing every municipality would bury them.
        kinds = [
            Organisation.Kind.NATIONAL,
            Organisation.Kind.ASSOCIATION,
            Organisation.Kind.COUNCIL,
            Organisation.Kind.PREFECTURE,
            Organisation.Kind.DESIGNATED_CITY,
        ]
        self.fields["proposer"].queryset = Organisation.objects.filter(kind__in=kinds).order_by(
            "kind", "lg_code", "name"
        )


class CandidateStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Candidate.Status.choices)
    note = forms.CharField(required=False, max_length=2000)
    meeting = forms.ModelChoiceField(
        label=_("決定した会議"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("会議外で決定"),
        help_text=_("会議で決定したときは、その会議を選んでください。"),
    )

    def __init__(self, *args, candidate, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(body_id=candidate.body_id)
            .exclude(status=Meeting.Status.CANCELLED)
            .select_related("body")
            .order_by("-number")
        )


class CandidateLinkForm(forms.Form):
    project = forms.TypedChoiceField(label=_("共同調達案件"), coerce=int, choices=())

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", "---------"), *choices]
