"""The council search: the text extracted from each material version, and one index row per searchable
thing (a meeting, an agenda item, a material's current version, a remark in the minutes).

Index rows carry text only, never an audience: `SearchEntry.objects.visible_to` admits a row only if
its meeting, material or minutes is in the same model's `visible_to(user, now)`, the rule the pages
use, so a change of audience, release time or status is in effect in the search at once.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Length, StrIndex
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from council.models.bodies import Body, BodyMember
from council.models.materials import Material, MaterialVersion
from council.models.meetings import AgendaItem, Meeting
from council.models.minutes import Minutes, Remark
from portal.labels import choice_label


class MaterialText(models.Model):
    """The text of one material version, extracted in the background (council.tasks).

    Its status is the progress of a machine, not a decision anyone takes (no actor, no permission,
    nothing to audit), so it is plain data like an attendance's, written by the methods below with
    a conditional update that makes a repeated or late task harmless.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("待機中")
        RUNNING = "running", _("抽出中")
        DONE = "done", _("完了")
        FAILED = "failed", _("失敗")

    version = models.OneToOneField(
        MaterialVersion, verbose_name=_("資料の版"), on_delete=models.CASCADE, related_name="extracted"
    )
    status = models.CharField(
        _("テキスト抽出"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    text = models.TextField(_("抽出したテキスト"), blank=True)
    error = models.CharField(_("抽出できなかった理由"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(_("試行回数"), default=0)
    updated_at = models.DateTimeField(_("更新日時"), default=timezone.now)

    class Meta:
        verbose_name = _("資料のテキスト")
        verbose_name_plural = _("資料のテキスト")
        constraints = [
            models.CheckConstraint(
                name="council_material_text_failure_has_error",
                condition=~Q(status="failed") | ~Q(error=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {choice_label(self, 'status')}"

    def claim(self) -> bool:
        """Mark it 抽出中 unless it is already 完了; False if there is nothing to do."""
        claimed = (
            MaterialText.objects.filter(pk=self.pk)
            .exclude(status=self.Status.DONE)
            .update(status=self.Status.RUNNING, attempts=models.F("attempts") + 1, updated_at=timezone.now())
        )
        return bool(claimed)

    def finish(self, text: str) -> None:
        MaterialText.objects.filter(pk=self.pk).update(
            status=self.Status.DONE, text=text, error="", updated_at=timezone.now()
        )

    def fail(self, error: str) -> None:
        MaterialText.objects.filter(pk=self.pk).exclude(status=self.Status.DONE).update(
            status=self.Status.FAILED, error=error[:300] or "?", updated_at=timezone.now()
        )


class SearchEntryQuerySet(models.QuerySet):
    def visible_to(self, user, now=None):
        """Rows of what this person may read at `now`, by the models' own visible_to rules: meetings
        and approved agenda items of readable meetings, readable materials, remarks of readable minutes."""
        now = now or timezone.now()
        Kind = SearchEntry.Kind
        return self.filter(
            Q(kind=Kind.MEETING, meeting__in=Meeting.objects.visible_to(user, now).values("pk"))
            | Q(kind=Kind.AGENDA, agenda_item__in=AgendaItem.objects.visible_to(user, now).values("pk"))
            | Q(kind=Kind.MATERIAL, material__in=Material.objects.visible_to(user, now).values("pk"))
            | Q(kind=Kind.REMARK, minutes__in=Minutes.objects.visible_to(user, now).values("pk"))
        )

    def matching(self, words: list[str]):
        """Rows whose folded text contains every folded word. The grams go through the GIN index;
        for a word of one or two characters its gram is the word itself, so the index answers
        exactly; a longer word's bigrams may lie apart, so the folded text is then tested too.
        EXPLAIN of both kinds of word: docs/council-search.md."""
        from council.search_text import word_grams

        qs = self
        for word in words:
            qs = qs.filter(grams__contains=word_grams(word))
            if len(word) > 2:
                # strpos, not LIKE: the planner guesses LIKE '%…%' to be rare and would sort every
                # row of a common word; strpos > 0 keeps the estimate of the grams (array statistics).
                qs = qs.filter(GreaterThan(StrIndex("folded", Value(word)), 0))
        return qs

    def for_results_page(self):
        """Newest meeting first; within a meeting, the meeting, its agenda, materials, then remarks.
        The order is on the row's own columns (an index), so a word found almost everywhere stops
        at the first page of rows instead of sorting them all."""
        return (
            self.select_related("meeting__body", "speaker")
            .defer("folded", "grams", "spans", "meeting__body__purpose")
            .order_by("-starts_at", "meeting_id", "kind_order", "position", "pk")
        )

    def first_hits(self, words: list[str]) -> dict[int, tuple[int, list[int]]]:
        """Per row, where the first word starts in its folded text (1-based; 0: not there), the
        folded text's length and the spans; asked for the rows of one page only, so a long text is
        neither sent nor folded again."""
        word = words[0] if words else ""
        rows = self.annotate(hit=StrIndex("folded", Value(word)), length=Length("folded"))
        return {
            pk: (hit if word else 0, length, spans)
            for pk, hit, length, spans in rows.values_list("pk", "hit", "length", "spans")
        }


class SearchEntry(models.Model):
    """One searchable thing, kept current by the council's services (rebuilt by
    `manage.py rebuild_council_search`)."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("会議")
        AGENDA = "agenda", _("議事次第")
        MATERIAL = "material", _("資料")
        REMARK = "remark", _("議事録")

    KIND_ORDER = {Kind.MEETING: 0, Kind.AGENDA: 1, Kind.MATERIAL: 2, Kind.REMARK: 3}

    kind = models.CharField(_("種類"), max_length=10, choices=Kind.choices)
    kind_order = models.PositiveSmallIntegerField(editable=False)
    position = models.PositiveIntegerField(_("順序"), default=0)
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    agenda_item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="search_entry"
    )
    material = models.OneToOneField(
        Material, on_delete=models.CASCADE, null=True, blank=True, related_name="search_entry"
    )
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    remark = models.OneToOneField(
        Remark, on_delete=models.CASCADE, null=True, blank=True, related_name="search_entry"
    )
    speaker = models.ForeignKey(
        BodyMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The meeting's start, copied for the order and the fiscal-year filter (reindex_meeting renews it).
    starts_at = models.DateTimeField()
    title = models.CharField(_("見出し"), max_length=400)
    text = models.TextField(_("本文"), blank=True)
    # fold(text) + " " + fold(title): a word in the text is found before one in the title, and
    # `spans` maps positions in the text's part back to `text`, for the snippet.
    folded = models.TextField(editable=False)
    spans = ArrayField(models.IntegerField(), default=list, editable=False)
    grams = ArrayField(models.CharField(max_length=2), default=list, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SearchEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("検索の索引")
        verbose_name_plural = _("検索の索引")
        indexes = [
            # Serves `grams @> ARRAY[…]` for every word, 2-character words included (see docs).
            GinIndex(fields=["grams"], name="council_search_grams_gin"),
            models.Index(
                F("starts_at").desc(), "meeting", "kind_order", "position", "id", name="council_search_order"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(kind="meeting"), name="council_search_meeting_once"
            ),
            models.CheckConstraint(
                name="council_search_kind_has_its_row",
                condition=Q(
                    kind="meeting", agenda_item__isnull=True, material__isnull=True, remark__isnull=True
                )
                | Q(kind="agenda", agenda_item__isnull=False)
                | Q(kind="material", material__isnull=False)
                | Q(kind="remark", remark__isnull=False, minutes__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{choice_label(self, 'kind')}: {self.title}"

    def get_absolute_url(self) -> str:
        """The page that shows it: the meeting (at its agenda or material), or the minutes."""
        if self.kind == self.Kind.REMARK:
            return reverse("council:minutes-detail", args=[self.meeting_id]) + f"#remark-{self.remark_id}"
        url = reverse("council:meeting-detail", args=[self.meeting_id])
        if self.kind == self.Kind.MATERIAL:
            return f"{url}#material-{self.material_id}"
        return f"{url}#agenda-title" if self.kind == self.Kind.AGENDA else url

    def snippet(self, words: list[str], hit: int = 0, length: int = 0, spans: list[int] = ()):
        """The text around `hit` (where first_hits found the first word; 0: the text's start), as
        HTML with the words in <mark> and the rest escaped."""
        from council.search_text import fold, snippet, to_cleaned, unflat_spans

        text_length = length - len(fold(self.title)) - 1
        at = to_cleaned(hit - 1, unflat_spans(list(spans))) if 0 < hit <= text_length else 0
        return snippet(self.text, words, at=at)

    def title_html(self, words: list[str]):
        from council.search_text import snippet

        return snippet(self.title, words, width=400)
