"""
Uploads are judged by what they contain: only real JPEG, PNG, WebP and GIF
pictures within the size and pixel limits are stored. Everything else is a
clear error on the admin form, with nothing saved and no file left behind.
"""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from PIL import Image as Pillow

from images import processing
from images.models import Image
from tests.images.admin_helpers import errors_of, post_new_image
from tests.images.pictures import (
    animated_gif,
    noisy_bytes,
    picture_bytes,
    png_bomb,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db

ACCEPTED = [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp"), ("GIF", "gif")]


@pytest.mark.parametrize(("format", "extension"), ACCEPTED)
def test_each_accepted_format_is_stored_under_its_own_extension(
    admin_client, media_root, format, extension
):
    """Named "upload.bin" and sent as octet-stream: the content alone decides."""
    data = picture_bytes(format)
    response = post_new_image(admin_client, upload(data, "upload.bin"))

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    image = Image.objects.get()
    assert image.file.name.endswith(f".{extension}")
    assert "upload" not in image.file.name
    assert (image.width, image.height) == (1200, 800)
    with Pillow.open(media_root / image.file.name) as stored:
        assert stored.format == format


def test_a_png_named_gif_is_accepted_as_the_png_it_is(admin_client, media_root):
    response = post_new_image(admin_client, upload(picture_bytes("PNG"), "holiday.gif"))

    assert response.status_code == HTTPStatus.FOUND, errors_of(response)
    name = Image.objects.get().file.name
    assert name.endswith(".png")
    assert Pillow.open(media_root / name).format == "PNG"


NOT_IMAGES = {
    "a text file": (b"Just some notes about the show.\n", "notes.jpg"),
    "an HTML page": (b"<!doctype html><script>alert(1)</script>", "page.png"),
    "an SVG picture": (
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>',
        "drawing.svg",
    ),
    "a PDF": (b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "poster.jpg"),
    "a BMP picture": (picture_bytes("BMP", (20, 20)), "picture.jpg"),
    "a TIFF picture": (picture_bytes("TIFF", (20, 20)), "picture.png"),
}


@pytest.mark.parametrize("kind", NOT_IMAGES)
def test_a_file_that_is_not_an_accepted_image_is_refused_with_a_message(
    admin_client, media_root, kind
):
    data, name = NOT_IMAGES[kind]
    response = post_new_image(admin_client, upload(data, name, "image/jpeg"))

    assert response.status_code == HTTPStatus.OK
    assert any("is not a JPEG, PNG, WebP or GIF image" in e for e in errors_of(response))
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize("format", ["PNG", "JPEG", "GIF", "WEBP"])
def test_a_truncated_image_is_refused_as_damaged(admin_client, media_root, format):
    whole = noisy_bytes(format)
    response = post_new_image(admin_client, upload(whole[: len(whole) // 2], "cut.png"))

    assert response.status_code == HTTPStatus.OK
    errors = errors_of(response)
    name = {"WEBP": "WebP"}.get(format, format)
    assert any(f"This {name} file is damaged or incomplete" in e for e in errors), errors
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_an_empty_file_is_refused(admin_client, media_root):
    response = post_new_image(admin_client, upload(b"", "empty.png"))

    assert response.status_code == HTTPStatus.OK
    assert errors_of(response)
    assert not Image.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    admin_client, media_root, settings
):
    settings.IMAGE_MAX_BYTES = 2_000
    data = noisy_bytes("PNG", (300, 300))
    assert len(data) > 2_000
    response = post_new_image(admin_client, upload(data, "big.png"))

    assert response.status_code == HTTPStatus.OK
    assert any("images may be at most 2.0\xa0KB" in e for e in errors_of(response)), errors_of(
        response
    )
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_a_decompression_bomb_is_refused_without_a_server_error(admin_client, media_root):
    """A 400-megapixel PNG of 48 kB: refused from its header, never decoded."""
    bomb = png_bomb()
    assert len(bomb) < 100_000

    response = post_new_image(admin_client, upload(bomb, "small.png"))

    assert response.status_code == HTTPStatus.OK
    assert any("decompression bomb" in e for e in errors_of(response)), errors_of(response)
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


def test_an_image_over_the_pixel_limit_is_refused_with_its_size(admin_client, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    response = post_new_image(admin_client, upload(picture_bytes("PNG", (2000, 600)), "wide.png"))

    assert response.status_code == HTTPStatus.OK
    errors = errors_of(response)
    message = "This image is 2000 by 600 pixels, more than the 1 megapixels allowed."
    assert any(message in e for e in errors), errors
    assert not Image.objects.exists()


def test_every_frame_of_an_animation_counts_towards_the_pixel_limit(settings):
    settings.IMAGE_MAX_PIXELS = 50_000
    data = animated_gif((200, 100), colours=[(i * 60, 0, 0) for i in range(4)])

    with pytest.raises(ValidationError, match="in 4 frames"):
        processing.prepare(upload(data, "anim.gif"))


def test_alt_text_is_required(admin_client, media_root):
    response = post_new_image(admin_client, upload(picture_bytes("PNG"), "p.png"), alt="")

    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in errors_of(response)
    assert not Image.objects.exists()
    assert stored_files(media_root) == []


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP", "GIF"])
def test_a_file_cut_anywhere_is_a_form_error_never_a_crash(format):
    """Every prefix of a picture either is a whole picture or is refused with a message."""
    whole = noisy_bytes(format, (40, 30))
    animated = animated_gif((40, 30)) if format == "GIF" else b""
    outcomes = set()
    for data in (whole, animated):
        for end in range(1, len(data), max(1, len(data) // 60)):
            try:
                processing.prepare(upload(data[:end], "cut"))
            except ValidationError as error:
                outcomes.add(error.code)
            else:
                outcomes.add("stored")
    assert outcomes <= {"stored", "damaged", "not_an_image"}
    assert "damaged" in outcomes
