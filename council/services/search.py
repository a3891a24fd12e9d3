"""The council search index: kept current by the services that change what it holds, rebuilt by
`manage.py rebuild_council_search`; and the text extraction of material versions (council.tasks)."""

from __future__ import annotations

import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from council import extraction
from council.models import (
    AgendaItem,
    Material,
    MaterialText,
    MaterialVersion,
    Meeting,
    Remark,
    SearchEntry,
)
from council.search_text import clean, flat_spans, fold, fold_with_map, grams

logger = logging.getLogger(__name__)
Kind = SearchEntry.Kind


def _put(kind: str, lookup: dict, *, meeting: Meeting, title: str, text: str, **fields) -> SearchEntry:
    title, text = clean(title)[:400], clean(text)
    folded_text, spans = fold_with_map(text)
    folded = f"{folded_text} {fold(title)}"
    entry, _created = SearchEntry.objects.update_or_create(
        kind=kind,
        **lookup,
        defaults={
            "kind_order": SearchEntry.KIND_ORDER[kind],
            "body_id": meeting.body_id,
            "meeting": meeting,
            "starts_at": meeting.starts_at,
            "title": title,
            "text": text,
            "folded": folded,
            "grams": grams(folded),
            "spans": flat_spans(spans),
            **fields,
        },
    )
    return entry


def index_meeting(meeting: Meeting) -> SearchEntry:
    """The meeting's own row: body, 第N回, date and place."""
    when = timezone.localtime(meeting.starts_at)
    return _put(
        Kind.MEETING,
        {"meeting": meeting},
        meeting=meeting,
        title=str(meeting),
        text=f"{when:%Y-%m-%d %H:%M} {meeting.place}",
    )


def index_agenda_item(item: AgendaItem) -> SearchEntry:
    """A line of the 議事次第 with its presenter."""
    return _put(
        Kind.AGENDA,
        {"agenda_item": item},
        meeting=item.meeting,
        title=f"{item.label} {item.title}",
        text=item.presenter,
        position=item.parent.position * 1000 + item.position if item.parent_id else item.position * 1000,
    )


def reindex_agenda(meeting: Meeting) -> int:
    """The rows of a meeting's 議事次第 (after a change of order every label may move); returns how
    many."""
    items = list(meeting.agenda.select_related("parent", "meeting"))
    for item in items:
        index_agenda_item(item)
    return len(items)


def index_material(material: Material) -> SearchEntry:
    """A material with the extracted text of its current (newest approved) version, its title alone
    until then: a replacement waiting for approval is not searchable, even by its words."""
    current = MaterialVersion.objects.filter(material=material).cleared().order_by("-version").first()
    extracted = MaterialText.objects.filter(version=current, status=MaterialText.Status.DONE).first()
    return _put(
        Kind.MATERIAL,
        {"material": material},
        meeting=material.meeting,
        title=f"{material.label} {material.title}",
        text=extracted.text if extracted else "",
        position=material.position,
    )


def index_remark(remark: Remark) -> SearchEntry:
    """A remark in the minutes, as it reads now (the speaker's correction, if any)."""
    return _put(
        Kind.REMARK,
        {"remark": remark},
        meeting=remark.minutes.meeting,
        title=remark.speaker_name,
        text=remark.text,
        minutes=remark.minutes,
        speaker=remark.speaker,
        position=remark.position,
    )


def reindex_meeting(meeting: Meeting) -> int:
    """Every row of one meeting; returns how many."""
    count = 1
    index_meeting(meeting)
    SearchEntry.objects.filter(meeting=meeting).update(starts_at=meeting.starts_at)
    count += reindex_agenda(meeting)
    for material in meeting.materials.select_related("meeting", "submitted_by"):
        index_material(material)
        count += 1
    for remark in Remark.objects.filter(minutes__meeting=meeting).select_related("minutes__meeting"):
        index_remark(remark)
        count += 1
    return count


def rebuild_index() -> int:
    """Drop the whole index and build it again from the council's rows; returns the number of rows."""
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        return sum(reindex_meeting(m) for m in Meeting.objects.select_related("body").order_by("pk"))


def queue_extraction(version: MaterialVersion) -> MaterialText:
    """Record a version's text as 待機中 and extract it in the background once the upload commits."""
    from council.tasks import extract_material_text

    pending, _created = MaterialText.objects.get_or_create(version=version)
    transaction.on_commit(lambda: extract_material_text.delay(version.pk))
    return pending


def extract_version_text(*, version_id: int) -> str:
    """Extract the text of one version (skipped if done already), then index its material if the
    version is still the current one. Returns the resulting status. Safe to run twice."""
    pending = MaterialText.objects.select_related("version__material__meeting").filter(version_id=version_id)
    record = pending.first()
    if record is None or not record.claim():
        return record.status if record else ""
    version = record.version
    try:
        with default_storage.open(version.file, "rb") as handle:
            data = handle.read()
        text = extraction.extract_text(data, version.file_format)
    except extraction.ExtractionError as error:
        record.fail(str(error))
        return MaterialText.Status.FAILED
    except OSError:
        record.fail(_("ファイルが見つかりません。"))
        return MaterialText.Status.FAILED
    except Exception:  # a parser's own error on a damaged file: the file is at fault, not the task
        logger.exception("Text extraction failed for material version %s", version_id)
        record.fail(_("ファイルの内容を読み取れませんでした。"))
        return MaterialText.Status.FAILED
    record.finish(text)
    with transaction.atomic():
        material = Material.objects.select_for_update().get(pk=version.material_id)
        index_material(material)
    return MaterialText.Status.DONE


def queue_missing_extractions() -> int:
    """Queue extraction for every version whose text is not 完了 (missing, waiting or failed);
    a failed one is set back to 待機中 first. Returns how many."""
    versions = MaterialVersion.objects.exclude(extracted__status=MaterialText.Status.DONE)
    count = 0
    with transaction.atomic():
        for version in versions.order_by("pk"):
            MaterialText.objects.filter(version=version).update(status=MaterialText.Status.PENDING, error="")
            queue_extraction(version)
            count += 1
    return count
