"""Profile photos (checked by content, stripped of metadata, served through a permission check)
and the sanitised Markdown introduction."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from talentpool.templatetags.talentpool_tags import markdown
from tests.portal.factories import sign_in
from tests.talentpool.factories import TalentFactory

FORM = {
    "display_name": "写真 太郎",
    "employment_form": "contract",
    "affiliation": "vendor",
    "work_style": "both",
}


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (1600, 1200), "navy")
    exif = Image.Exif()
    exif[0x010F] = "DemoCamera"  # Make
    exif[0x8825] = {1: "N", 2: (34.0, 23.0, 0.0)}  # GPS info
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, talent, data: bytes, name="face.jpg", **extra):
    return client.post(
        f"/talent/{talent.pk}/edit/", {**FORM, **extra, "photo_upload": SimpleUploadedFile(name, data)}
    )


def test_a_photo_is_resized_stripped_of_metadata_and_served_to_those_who_see_the_profile(
    client, coordinator, staff, other_staff
):
    talent = TalentFactory()
    with Image.open(io.BytesIO(jpeg_with_gps())) as original:
        assert original.getexif().get_ifd(0x8825)[1] == "N"  # the upload does carry a GPS position
    sign_in(client, coordinator)
    assert upload(client, talent, jpeg_with_gps()).status_code == 302
    talent.refresh_from_db()
    with talent.photo.open() as stored, Image.open(stored) as image:
        assert max(image.size) == 800
        assert not image.getexif()
        assert not image.getexif().get_ifd(0x8825)  # no GPS position
        assert "exif" not in image.info
    sign_in(client, staff)
    response = client.get(f"/talent/{talent.pk}/photo/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    sign_in(client, other_staff)
    assert client.get(f"/talent/{talent.pk}/photo/").status_code == 404
    client.logout()
    assert client.get(f"/talent/{talent.pk}/photo/").status_code == 302


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_saved(client, coordinator):
    talent = TalentFactory(display_name="元の名前")
    sign_in(client, coordinator)
    response = upload(client, talent, b"%PDF-1.4 not an image", name="photo.jpg")
    assert response.status_code == 200
    assert "画像として読み取れないファイルです" in response.content.decode()
    talent.refresh_from_db()
    assert talent.photo == ""
    assert talent.display_name == "元の名前"  # the rest of the form was not half-saved


def test_an_oversized_photo_is_refused(client, coordinator, monkeypatch):
    monkeypatch.setattr("talentpool.photos.MAX_BYTES", 1000)
    talent = TalentFactory()
    sign_in(client, coordinator)
    response = upload(client, talent, jpeg_with_gps())
    assert "写真のファイルが大きすぎます" in response.content.decode()


def test_removing_the_photo_deletes_the_file_after_commit(
    client, coordinator, django_capture_on_commit_callbacks
):
    talent = TalentFactory()
    sign_in(client, coordinator)
    upload(client, talent, jpeg_with_gps())
    talent.refresh_from_db()
    name = talent.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/talent/{talent.pk}/edit/", {**FORM, "photo_remove": "on"})
    talent.refresh_from_db()
    assert talent.photo == ""
    assert not default_storage.exists(name)


def test_markdown_introduction_is_sanitised():
    html = str(
        markdown(
            "**強み**\n\n- 標準化\n\n<script>alert(1)</script> [リンク](javascript:alert(1)) "
            "[公式](https://example.jp) <img src=x onerror=alert(1)>"
        )
    )
    assert "<strong>強み</strong>" in html
    assert "<li>標準化</li>" in html
    assert "<script" not in html and "onerror" not in html and "<img" not in html
    assert "javascript:" not in html
    assert 'href="https://example.jp"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_an_oversized_photo_is_refused_from_its_size_before_it_is_read(client, coordinator, monkeypatch):
    def never(*args, **kwargs):
        raise AssertionError("the photo was read although its size already refused it")

    monkeypatch.setattr("talentpool.photos.MAX_BYTES", 1000)
    monkeypatch.setattr("talentpool.photos.clean_photo", never)
    monkeypatch.setattr("PIL.Image.open", never)
    talent = TalentFactory()
    sign_in(client, coordinator)
    response = upload(client, talent, jpeg_with_gps())
    assert response.status_code == 200
    assert "写真のファイルが大きすぎます" in response.content.decode()


def test_a_photo_given_when_the_profile_is_created_is_kept(client, coordinator):
    from talentpool.models import Talent
    from tests.conftest import HIROSHIMA, org

    sign_in(client, coordinator)
    response = client.post(
        "/talent/new/",
        {**FORM, "pool": org(HIROSHIMA).pk, "photo_upload": SimpleUploadedFile("face.jpg", jpeg_with_gps())},
    )
    assert response.status_code == 302
    talent = Talent.objects.get(display_name=FORM["display_name"])
    assert talent.photo and default_storage.exists(talent.photo.name)


def image_bytes(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(buffer, format=image_format)
    return buffer.getvalue()


@pytest.mark.parametrize("image_format", ["PNG", "WEBP"])
def test_png_and_webp_are_accepted_and_stored_as_jpeg(client, coordinator, image_format):
    talent = TalentFactory()
    sign_in(client, coordinator)
    assert (
        upload(client, talent, image_bytes(image_format), name=f"face.{image_format.lower()}").status_code
        == 302
    )
    talent.refresh_from_db()
    assert talent.photo.name.startswith("talent-photos/") and talent.photo.name.endswith(".jpg")
    with talent.photo.open() as stored, Image.open(stored) as image:
        assert image.format == "JPEG"


def test_an_image_of_another_format_is_refused_whatever_its_name(client, coordinator):
    talent = TalentFactory()
    sign_in(client, coordinator)
    response = upload(client, talent, image_bytes("GIF"), name="face.jpg")
    assert response.status_code == 200
    assert "写真はJPEG・PNG・WebP形式の画像にしてください" in response.content.decode()
    talent.refresh_from_db()
    assert not talent.photo


def test_a_photo_stored_before_the_image_field_is_still_served(client, coordinator, staff):
    """Migration 0014 changes no column: a storage name written by the old CharField keeps working."""
    from django.core.files.base import ContentFile

    from talentpool.models import Talent

    name = default_storage.save("talent-photos/legacy.jpg", ContentFile(image_bytes("JPEG")))
    talent = TalentFactory()
    Talent.objects.filter(pk=talent.pk).update(photo=name)
    sign_in(client, staff)
    response = client.get(f"/talent/{talent.pk}/photo/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == image_bytes("JPEG")
