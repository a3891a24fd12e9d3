"""Forms of the portal spine. Labels are visible, help text is specific, errors speak Japanese."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from portal.dates import today
from portal.labels import choice_label
from portal.models import FrameworkMember, Organisation, RegionalFramework, Role
from portal.models.organisations import DX_STAFF_MAX


class OrganisationChoiceField(forms.ModelChoiceField):
    """Organisations named in the reader's language (romanised names in English)."""

    def label_from_instance(self, obj) -> str:
        return obj.display_name


class InvitationForm(forms.Form):
    organisation = OrganisationChoiceField(
        label=_("団体"), queryset=Organisation.objects.none(), help_text=_("招待する人が所属する団体。")
    )
    role = forms.ChoiceField(label=_("役割"), choices=Role.choices)
    full_name = forms.CharField(label=_("氏名"), max_length=100)
    email = forms.EmailField(label=_("メールアドレス"), help_text=_("招待のリンクをこのアドレスに送ります。"))
    language = forms.ChoiceField(label=_("案内メールの言語"), choices=settings.LANGUAGES, initial="ja")
    message = forms.CharField(
        label=_("メッセージ（任意）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.select_related("prefecture")

    def clean(self):
        data = super().clean()
        organisation, role = data.get("organisation"), data.get("role")
        if organisation and role and organisation.kind not in Role.allowed_kinds(role):
            self.add_error(
                "role",
                _("「%(role)s」は%(kind)sには付与できません。")
                % {"role": Role(role).label, "kind": choice_label(organisation, "kind")},
            )
        return data


class AcceptInvitationForm(forms.Form):
    full_name = forms.CharField(label=_("氏名"), max_length=100)
    password1 = forms.CharField(
        label=_("パスワード"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_(
            "10文字以上。氏名やメールアドレスに似たもの、よく使われるもの、数字だけのものは使えません。"
        ),
    )
    password2 = forms.CharField(
        label=_("パスワード（確認）"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        password1, password2 = data.get("password1"), data.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("確認用のパスワードが一致しません。"))
        elif password1:
            from portal.models import User

            try:
                validate_password(password1, User(email=self.email, full_name=data.get("full_name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class RevokeForm(forms.Form):
    note = forms.CharField(
        label=_("理由"), required=False, max_length=500, help_text=_("監査記録に残ります。例：人事異動のため")
    )


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = RegionalFramework
        fields = ["name", "has_talent_pool", "established_on", "secretariat_unit", "description"]
        widgets = {
            "established_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "name": _("例：DXShipひろしま"),
            "secretariat_unit": _("例：デジタル推進課 市町支援グループ"),
        }


DX_STAFF_RANGE = _("DX・情報担当職員数は0〜9999の整数で入力してください。")


class DxStaffForm(forms.Form):
    """A municipality's DX・情報担当職員数 and the date it is counted at; both empty = not reported."""

    count = forms.IntegerField(
        label=_("DX・情報担当職員数"),
        required=False,
        min_value=0,
        max_value=DX_STAFF_MAX,
        help_text=_("DX・情報政策を担当する職員の人数（兼務を含む）。報告がなければ空欄。"),
        error_messages={"invalid": DX_STAFF_RANGE, "min_value": DX_STAFF_RANGE, "max_value": DX_STAFF_RANGE},
    )
    as_of = forms.DateField(
        label=_("基準日（〇年〇月〇日現在）"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("この人数がいつ現在のものか。例：4月1日"),
        error_messages={"invalid": _("基準日は正しい日付で入力してください。")},
    )

    def clean(self):
        data = super().clean()
        count, as_of = data.get("count"), data.get("as_of")
        if self.errors:
            return data
        if count is not None and as_of is None:
            self.add_error("as_of", _("職員数を入力したときは、基準日も入力してください。"))
        elif count is None and as_of is not None:
            self.add_error(
                "count", _("基準日だけは保存できません。職員数も入力するか、両方を空欄にしてください。")
            )
        elif as_of is not None and as_of > today():
            self.add_error("as_of", _("基準日に未来の日付は指定できません。"))
        return data


class FrameworkStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("新しい状況"), choices=RegionalFramework.Status.choices)
    note = forms.CharField(label=_("変更の理由"), required=False, max_length=500)


class FrameworkMemberForm(forms.Form):
    municipality = OrganisationChoiceField(label=_("市区町村"), queryset=Organisation.objects.none())
    joined_on = forms.DateField(label=_("参加日"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, framework: RegionalFramework, **kwargs):
        super().__init__(*args, **kwargs)
        current = FrameworkMember.objects.filter(framework=framework, left_on__isnull=True).values(
            "municipality"
        )
        self.fields["municipality"].queryset = (
            Organisation.objects.municipalities()
            .filter(prefecture=framework.prefecture)
            .exclude(pk__in=current)
        )


class MemberLeftForm(forms.Form):
    left_on = forms.DateField(label=_("脱退日"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("理由"), required=False, max_length=500)


class PopulationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("人口ファイル（CSVまたはXLSX）"),
        help_text=_(
            "1行目に「lg_code」（団体コード5桁または6桁）と「population」（人口）の列見出し。5MBまで。"
        ),
    )
    reference_date = forms.DateField(
        label=_("基準日"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("住民基本台帳人口の基準日（例：1月1日）。"),
    )
    prefecture = OrganisationChoiceField(
        label=_("対象の都道府県"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("全国（サイト管理者のみ）"),
    )

    def __init__(self, *args, prefectures, allow_national: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["prefecture"]
        field.queryset = prefectures
        field.required = not allow_national
        if not allow_national:
            field.empty_label = None

    def upload(self) -> dict:
        """The file and its settings, as preview_population_import takes them."""
        upload = self.cleaned_data["file"]
        return {
            "data": upload.read(),
            "file_name": upload.name,
            "reference_date": self.cleaned_data["reference_date"],
            "prefecture": self.cleaned_data["prefecture"],
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.POPULATION_IMPORT_MAX_BYTES:
            raise forms.ValidationError(_("ファイルが大きすぎます（5MBまで）。"))
        return upload


class RoleSwitchForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)


class NotificationPreferencesForm(forms.Form):
    """One choice per notification category, plus the language of mail."""

    language = forms.ChoiceField(label=_("メールの言語"), choices=settings.LANGUAGES)

    def __init__(self, *args, user, **kwargs):
        from portal.models import NotificationPreference
        from portal.notifications import CATEGORIES

        super().__init__(*args, **kwargs)
        chosen = dict(user.notification_preferences.values_list("category", "mode"))
        self.fields["language"].initial = user.language
        self.fixed = []
        for key, category in CATEGORIES.items():
            if category.always_immediate:
                self.fixed.append(category)
                continue
            self.fields[key] = forms.ChoiceField(
                label=category.label,
                choices=NotificationPreference.Mode.choices,
                widget=forms.RadioSelect,
                initial=chosen.get(key, NotificationPreference.Mode.IMMEDIATE),
            )
