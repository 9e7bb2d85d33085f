"""
What is stored is a fresh encoding of the picture: no EXIF, GPS, XMP or
comment survives; the EXIF orientation is applied first; thumbnails are made
once, at upload, in the widths the pages use and never wider than the picture.
"""

import io
import os
from http import HTTPStatus

import pytest
from django.urls import reverse
from PIL import Image as Pillow
from PIL.PngImagePlugin import PngInfo

from images import processing
from images.fields import thumbnail_name
from images.models import Image
from images.services import image_create
from tests.admin.changeform import changeform_data
from tests.images.admin_helpers import errors_of, post_new_image
from tests.images.pictures import (
    animated_gif,
    gps_exif,
    halves_jpeg,
    picture_bytes,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
    b'photoshop:City="Paris"/></rdf:RDF></x:xmpmeta>'
)


def no_metadata(path):
    """True when the stored file carries no EXIF, XMP or comment."""
    data = path.read_bytes()
    with Pillow.open(path) as picture:
        assert not picture.getexif(), dict(picture.getexif())
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "comment"} & set(picture.info)
    assert b"Exif\x00\x00" not in data
    assert b"PhoneMaker" not in data
    assert b"photoshop:City" not in data
    return True


@pytest.mark.parametrize("format", ["JPEG", "WEBP", "PNG"])
def test_exif_and_gps_are_stripped_from_the_stored_file_and_its_thumbnails(
    admin_client, media_root, format
):
    data = picture_bytes(format, (1000, 700), exif=gps_exif(), xmp=XMP)
    with Pillow.open(io.BytesIO(data)) as original:  # the test picture really has them
        assert original.getexif().get_ifd(0x8825)
    assert b"PhoneMaker" in data

    response = post_new_image(admin_client, upload(data, "IMG_2025_home.jpg"))

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    image = Image.objects.get()
    assert image.thumbnail_widths == [320, 640, 960]
    files = stored_files(media_root)
    assert len(files) == 4
    for name in files:
        assert no_metadata(media_root / name)


def test_a_jpeg_comment_is_stripped(media_root):
    data = picture_bytes("JPEG", (500, 300), comment=b"taken at 12 rue Example")
    image = image_create(alt="A picture", file=upload(data, "c.jpg"))

    assert no_metadata(media_root / image.file.name)
    assert b"rue Example" not in (media_root / image.file.name).read_bytes()


def test_png_text_chunks_and_gif_comments_are_stripped(media_root):
    text = PngInfo()
    text.add_text("Author", "PhoneMaker owner")
    png = image_create(alt="PNG", file=upload(picture_bytes("PNG", pnginfo=text), "a.png"))
    gif = image_create(alt="GIF", file=upload(picture_bytes("GIF", comment=b"PhoneMaker"), "a.gif"))

    for image in (png, gif):
        assert no_metadata(media_root / image.file.name)
        with Pillow.open(media_root / image.file.name) as stored:
            assert "Author" not in stored.info


@pytest.mark.parametrize(
    ("orientation", "size", "top_left"),
    [
        (1, (400, 200), "red"),
        (3, (400, 200), "blue"),  # upside down: turned 180°
        (6, (200, 400), "red"),  # turned 90° clockwise: the left half is now on top
        (8, (200, 400), "blue"),  # turned 90° anticlockwise: the right half is on top
    ],
)
def test_the_exif_orientation_is_applied_before_it_is_dropped(
    media_root, orientation, size, top_left
):
    data = halves_jpeg((400, 200), exif=gps_exif(orientation=orientation))

    image = image_create(alt="Two colours", file=upload(data, "turned.jpg"))

    assert (image.width, image.height) == size
    with Pillow.open(media_root / image.file.name) as stored:
        assert stored.size == size
        assert not stored.getexif()
        red, _, blue = stored.convert("RGB").getpixel((5, 5))
    assert (red > blue) == (top_left == "red")


def test_thumbnails_are_made_in_the_widths_the_pages_use(media_root):
    image = image_create(alt="Wide", file=upload(picture_bytes("JPEG", (1600, 900)), "w.jpg"))

    assert image.thumbnail_widths == [320, 640, 960]
    for width in (320, 640, 960):
        name = thumbnail_name(image.file.name, width, "jpg")
        with Pillow.open(media_root / name) as thumbnail:
            assert thumbnail.size == (width, round(900 * width / 1600))
            assert thumbnail.format == "JPEG"


def test_thumbnails_are_never_wider_than_the_picture(media_root):
    image = image_create(alt="Small", file=upload(picture_bytes("PNG", (700, 500)), "s.png"))

    assert image.thumbnail_widths == [320, 640]
    assert len(stored_files(media_root)) == 3
    tiny = image_create(alt="Tiny", file=upload(picture_bytes("PNG", (300, 200)), "t.png"))
    assert tiny.thumbnail_widths == []
    assert [r.width for r in tiny.renditions()] == [300]


def test_a_gif_keeps_its_animation_and_gets_still_png_thumbnails(media_root):
    image = image_create(alt="Blinking", file=upload(animated_gif((800, 400)), "a.gif"))

    with Pillow.open(media_root / image.file.name) as stored:
        assert stored.format == "GIF"
        assert stored.n_frames == 3
    with Pillow.open(media_root / thumbnail_name(image.file.name, 320, "png")) as thumbnail:
        assert thumbnail.format == "PNG"
        assert thumbnail.size == (320, 160)


def test_a_transparent_png_keeps_its_transparency(media_root):
    data = picture_bytes("PNG", (640, 480), mode="RGBA", colour=(0, 0, 0, 0))
    image = image_create(alt="Clear", file=upload(data, "clear.png"))

    with Pillow.open(media_root / thumbnail_name(image.file.name, 320, "png")) as thumbnail:
        assert thumbnail.mode == "RGBA"
        assert thumbnail.getpixel((1, 1))[3] == 0


def test_stored_names_come_from_the_content_not_the_upload(media_root):
    first = image_create(alt="One", file=upload(picture_bytes("PNG"), "Jane Doe at home.png"))
    name = os.path.basename(first.file.name)

    assert "Jane" not in first.file.name
    assert len(name) == len("0123456789abcdef0123456789abcdef.png")
    assert first.file.name.startswith(f"images/{name[:2]}/")


def test_thumbnails_are_not_made_again_when_an_unrelated_field_changes(
    admin_client, media_root, monkeypatch
):
    response = post_new_image(admin_client, upload(picture_bytes("JPEG"), "p.jpg"))
    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    image = Image.objects.get()
    before = {name: (media_root / name).stat().st_mtime_ns for name in stored_files(media_root)}
    calls = []
    monkeypatch.setattr(processing, "encode", lambda *a, **k: calls.append(a))

    url = reverse("admin:images_image_change", args=[image.pk])
    data = changeform_data(admin_client.get(url))
    data["caption"] = "A new caption"
    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    assert calls == []
    after = {name: (media_root / name).stat().st_mtime_ns for name in stored_files(media_root)}
    assert after == before
    image.refresh_from_db()
    assert image.caption == "A new caption"
    assert image.thumbnail_widths == [320, 640, 960]


def test_a_new_file_replaces_the_picture_and_keeps_the_old_files_for_history(
    admin_client, media_root
):
    post_new_image(admin_client, upload(picture_bytes("JPEG", (1000, 600)), "p.jpg"))
    image = Image.objects.get()
    old_name = image.file.name
    url = reverse("admin:images_image_change", args=[image.pk])
    data = changeform_data(admin_client.get(url))
    data["file"] = upload(picture_bytes("PNG", (500, 500), colour=(0, 0, 255)), "new.png")

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    image.refresh_from_db()
    assert image.file.name != old_name
    assert image.file.name.endswith(".png")
    assert (image.width, image.height, image.thumbnail_widths) == (500, 500, [320])
    assert (media_root / old_name).exists()


def test_clearing_the_file_makes_the_photo_not_held(admin_client, media_root):
    post_new_image(admin_client, upload(picture_bytes("JPEG", (1000, 600)), "p.jpg"))
    image = Image.objects.get()
    url = reverse("admin:images_image_change", args=[image.pk])
    data = changeform_data(admin_client.get(url))
    data["file-clear"] = "on"

    response = admin_client.post(url, data)

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    image.refresh_from_db()
    assert not image.file
    assert (image.width, image.height, image.thumbnail_widths) == (None, None, [])
    assert not image.is_held
