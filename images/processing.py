"""
Checking and re-encoding uploaded images with Pillow.

An upload is judged by its content, never its name or the browser's content
type: Pillow must recognise it as one of the four formats the web shows
everywhere, decode it to the last pixel, and stay under the size and pixel
limits. What is stored is not the upload but a fresh encoding of its pixels:
EXIF (GPS included), XMP and comments are left behind, the EXIF orientation is
applied first so the picture stands the right way up, and the file takes the
extension of what it is. Thumbnails are made here too, once, in the widths the
pages ask for (`THUMBNAIL_WIDTHS`), never wider than the picture itself.

Everything an editor can get wrong raises a `ValidationError` that says what
to do instead; nothing here writes to storage.
"""

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from PIL import Image as Pillow
from PIL import ImageSequence, UnidentifiedImageError

# The widths (in CSS pixels) that the infobox and the gallery ask for in their
# `srcset`; the stored picture itself is the widest candidate.
THUMBNAIL_WIDTHS = (320, 640, 960)

# Pillow format name -> file extension. Anything else is refused.
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# A GIF's thumbnails are PNGs: a still frame, in a format that keeps the
# resampled colours instead of squeezing them back into 256.
THUMBNAIL_FORMAT = {"GIF": "PNG"}

ACCEPTED = _("JPEG, PNG, WebP or GIF")
DISPLAY_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
CONTENT_TYPES = "image/jpeg,image/png,image/webp,image/gif"

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000

SAVE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True, "progressive": True},
    "PNG": {"optimize": False},
    "WEBP": {"quality": 90, "method": 4},
    "GIF": {},
}
THUMBNAIL_OPTIONS = {
    **SAVE_OPTIONS,
    "JPEG": {"quality": 85, "optimize": True},
    "WEBP": {"quality": 85, "method": 4},
}

# EXIF orientation -> the turn that makes the pixels stand as the tag says.
ORIENTATION_TAG = 0x0112
TURNS = {
    2: Pillow.Transpose.FLIP_LEFT_RIGHT,
    3: Pillow.Transpose.ROTATE_180,
    4: Pillow.Transpose.FLIP_TOP_BOTTOM,
    5: Pillow.Transpose.TRANSPOSE,
    6: Pillow.Transpose.ROTATE_270,
    7: Pillow.Transpose.TRANSVERSE,
    8: Pillow.Transpose.ROTATE_90,
}


def max_bytes() -> int:
    return getattr(settings, "IMAGE_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_pixels() -> int:
    return getattr(settings, "IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def thumbnail_height(width: int, height: int, thumbnail_width: int) -> int:
    """The height of a thumbnail `thumbnail_width` wide, keeping the picture's proportions."""
    return max(1, round(height * thumbnail_width / width))


def planned_thumbnail_widths(width: int) -> list[int]:
    """The thumbnail widths a picture `width` wide gets: only those narrower than itself."""
    return [w for w in THUMBNAIL_WIDTHS if w < width]


@dataclass
class Encoded:
    """A picture as stored: its bytes, format and size, and its thumbnails by width."""

    content: bytes
    format: str
    width: int
    height: int
    thumbnails: dict[int, bytes] = field(default_factory=dict)

    @property
    def extension(self) -> str:
        return FORMATS[self.format]

    @property
    def thumbnail_extension(self) -> str:
        return FORMATS[THUMBNAIL_FORMAT.get(self.format, self.format)]


class PreparedImage(ContentFile):
    """
    A checked, cleaned picture ready to store, named by its content.

    The name is a digest of the cleaned bytes: it says nothing of the uploader's
    file name (which may carry a person's name or a place), and the same picture
    uploaded twice gets the same name.
    """

    def __init__(self, encoded: Encoded):
        digest = hashlib.sha256(encoded.content).hexdigest()[:32]
        super().__init__(encoded.content, name=f"{digest}.{encoded.extension}")
        self.encoded = encoded

    @property
    def width(self):
        return self.encoded.width

    @property
    def height(self):
        return self.encoded.height


def _error(message, code, **params):
    # Messages are lazy and their parameters filled in when shown: a form shows
    # them in its reader's language.
    return ValidationError(message, code=code, params=params)


def read_upload(upload) -> bytes:
    """The upload's bytes, refused unread when it is larger than the limit."""
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise _too_large(size, limit)
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _too_large(len(data), limit)
    if not data:
        raise _error(_("The file is empty."), "empty")
    return data


def _too_large(size, limit):
    return _error(
        _(
            "This file is %(size)s; images may be at most %(limit)s. "
            "Save it smaller (fewer pixels or more compression) and upload it again."
        ),
        "too_large",
        size=filesizeformat(size),
        limit=filesizeformat(limit),
    )


def _too_many_pixels(width, height, frames=1):
    limit = max_pixels()
    if frames > 1:
        message = ngettext_lazy(
            "This image is %(width)s by %(height)s pixels in %(frames)s frame, more than the "
            "%(limit)s megapixels allowed. Scale it down and upload it again.",
            "This image is %(width)s by %(height)s pixels in %(frames)s frames, more than the "
            "%(limit)s megapixels allowed. Scale it down and upload it again.",
            "frames",
        )
    else:
        message = _(
            "This image is %(width)s by %(height)s pixels, more than the %(limit)s "
            "megapixels allowed. Scale it down and upload it again."
        )
    return _error(
        message,
        "too_many_pixels",
        width=width,
        height=height,
        frames=frames,
        limit=f"{limit / 1_000_000:g}",
    )


def _not_an_image():
    return _error(
        _(
            "This file is not a %(formats)s image. Files are checked by what they contain, "
            "not by their name: save the picture in one of these formats and upload it again."
        ),
        "not_an_image",
        formats=ACCEPTED,
    )


def _damaged(format_name):
    return _error(
        _(
            "This %(format)s file is damaged or incomplete, so it cannot be shown. "
            "Save the picture again and upload the new file."
        ),
        "damaged",
        format=DISPLAY_NAMES.get(format_name, format_name),
    )


def _open(data: bytes):
    """Open `data` as one of the accepted formats; bombs and unknown formats are errors."""
    # Pillow warns past MAX_IMAGE_PIXELS and raises past twice that; both are refusals here.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Pillow.DecompressionBombWarning)
        try:
            picture = Pillow.open(io.BytesIO(data), formats=list(FORMATS))
        except (Pillow.DecompressionBombError, Pillow.DecompressionBombWarning):
            raise _error(
                _(
                    "This image declares more pixels than can safely be opened (it may be a "
                    "decompression bomb). Scale it down to at most %(limit)s megapixels and "
                    "upload it again."
                ),
                "bomb",
                limit=f"{max_pixels() / 1_000_000:g}",
            ) from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, struct.error):
            # Starts like one of ours but would not open: say it is damaged.
            format_name = _sniff(data)
            raise (_damaged(format_name) if format_name else _not_an_image()) from None
    return picture


def _sniff(data: bytes) -> str | None:
    """Which accepted format the first bytes announce, for the error message only."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    return None


def _check_pixels(picture) -> None:
    width, height = picture.size
    frames = getattr(picture, "n_frames", 1)
    if width * height * frames > max_pixels():
        raise _too_many_pixels(width, height, frames)


def _orientation(picture) -> int | None:
    try:
        return picture.getexif().get(ORIENTATION_TAG)
    except (OSError, ValueError, SyntaxError, KeyError, TypeError, struct.error):
        return None  # an unreadable EXIF block is dropped with the rest


def _decode(data: bytes):
    """The picture fully decoded (every frame, upright), after `verify()` on a first opening."""
    picture = _open(data)
    format_name = picture.format
    try:
        # Counting a GIF's frames reads the whole file: a broken one fails here.
        _check_pixels(picture)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Pillow.DecompressionBombWarning)
            picture.verify()
            # verify() leaves the image unusable: open it again to decode it.
            picture = _open(data)
            turn = TURNS.get(_orientation(picture))
            frames = []
            for frame in ImageSequence.Iterator(picture):
                frame = frame.copy()
                frames.append(frame.transpose(turn) if turn is not None else frame)
    except (Pillow.DecompressionBombError, Pillow.DecompressionBombWarning):
        raise _too_many_pixels(*picture.size) from None
    except (OSError, ValueError, SyntaxError, EOFError, IndexError, struct.error):
        raise _damaged(format_name) from None
    return picture, format_name, frames


def _storable(frame, format_name):
    """The frame in a mode its format can store (JPEG has no alpha, no palette)."""
    if format_name == "JPEG" and frame.mode not in ("L", "RGB"):
        return frame.convert("RGB")
    if format_name == "WEBP" and frame.mode not in ("RGB", "RGBA"):
        return frame.convert("RGBA" if _has_alpha(frame) else "RGB")
    if format_name == "PNG" and frame.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I;16"):
        return frame.convert("RGBA")
    return frame


def _has_alpha(frame):
    return frame.mode in ("RGBA", "LA", "PA") or "transparency" in frame.info


def _colours(mode):
    """The colour space a mode's pixels are in, which a colour profile describes."""
    if mode == "CMYK":
        return "cmyk"
    return "grey" if mode in ("1", "L", "LA", "I", "I;16", "F") else "rgb"


def _encode(
    frames, format_name, options, *, icc_profile=None, animation=None, source_mode=None
) -> bytes:
    """
    Write frames as a new file. Nothing of the upload's metadata is passed on: the
    frames carry no `info`, and only the colour profile (how to show the colours,
    not who took the picture or where) is given back explicitly, when the pixels
    are still in the colour space it describes (not a CMYK profile on RGB pixels).
    """
    source_colours = _colours(source_mode or frames[0].mode)
    clean = []
    for frame in frames:
        frame = _storable(frame, format_name)
        kept = {"transparency": frame.info["transparency"]} if "transparency" in frame.info else {}
        frame.info = kept
        clean.append(frame)
    extra = dict(options)
    if icc_profile and format_name != "GIF" and _colours(clean[0].mode) == source_colours:
        extra["icc_profile"] = icc_profile
    if animation and len(clean) > 1:
        extra.update(save_all=True, append_images=clean[1:], **animation)
    out = io.BytesIO()
    clean[0].save(out, format=format_name, **extra)
    return out.getvalue()


def _animation(picture, frames):
    if len(frames) < 2:
        return None
    durations = [frame.info.get("duration", picture.info.get("duration", 100)) for frame in frames]
    return {"duration": durations, "loop": picture.info.get("loop", 0), "disposal": 2}


def _thumbnail(frame, width, height):
    if frame.mode in ("1", "P", "PA", "I;16"):
        frame = frame.convert("RGBA" if _has_alpha(frame) else "RGB")
    return frame.resize((width, height), Pillow.Resampling.LANCZOS, reducing_gap=3.0)


def encode(upload) -> Encoded:
    """
    Check an upload and encode it afresh, with its thumbnails; `ValidationError`
    with a message for the editor when it cannot be stored.
    """
    data = read_upload(upload)
    picture, format_name, frames = _decode(data)
    icc_profile = picture.info.get("icc_profile")
    source_mode = frames[0].mode
    # Durations and loop count come from the frames as read, before their info is dropped.
    animation = _animation(picture, frames)
    width, height = frames[0].size
    thumbnail_format = THUMBNAIL_FORMAT.get(format_name, format_name)
    try:
        content = _encode(
            frames,
            format_name,
            SAVE_OPTIONS[format_name],
            icc_profile=icc_profile,
            animation=animation,
        )
        encoded = Encoded(content=content, format=format_name, width=width, height=height)
        for thumbnail_width in planned_thumbnail_widths(width):
            size = (thumbnail_width, thumbnail_height(width, height, thumbnail_width))
            encoded.thumbnails[thumbnail_width] = _encode(
                [_thumbnail(frames[0], *size)],
                thumbnail_format,
                THUMBNAIL_OPTIONS[thumbnail_format],
                icc_profile=icc_profile,
                source_mode=source_mode,
            )
    except (OSError, ValueError) as error:
        raise _damaged(format_name) from error
    return encoded


def prepare(upload) -> PreparedImage:
    """An upload checked and cleaned, as a file ready to store; `ValidationError` if not."""
    if isinstance(upload, PreparedImage):
        return upload
    return PreparedImage(encode(upload))
