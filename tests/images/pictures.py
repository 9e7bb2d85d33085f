"""Pictures made in the tests with Pillow: ordinary ones, ones with EXIF, and bombs."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags
from PIL import Image as Pillow


def stored_files(root):
    """Every file under the media folder, by path relative to it."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def picture_bytes(format="PNG", size=(1200, 800), mode="RGB", colour=(200, 40, 60), **options):
    """A picture of one colour, encoded as `format`."""
    out = io.BytesIO()
    Pillow.new(mode, size, colour if mode in ("RGB", "RGBA") else None).save(
        out, format=format, **options
    )
    return out.getvalue()


def halves_jpeg(size=(400, 200), **options):
    """A JPEG whose left half is red and right half blue, to see which way it is turned."""
    picture = Pillow.new("RGB", size, (255, 0, 0))
    picture.paste((0, 0, 255), (size[0] // 2, 0, size[0], size[1]))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=95, **options)
    return out.getvalue()


def gps_exif(orientation=None):
    """EXIF as a phone writes it: camera, date, and where the picture was taken."""
    exif = Pillow.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    exif[ExifTags.Base.DateTime] = "2025:04:24 10:00:00"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (48.0, 51.0, 24.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (2.0, 21.0, 7.0),
    }
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    return exif


def upload(data, name="picture.png", content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png_bomb(width=20_000, height=20_000):
    """
    A valid 1-bit PNG of `width` by `height` pixels (400 megapixels by default),
    all black: about 50 kB on disk, hundreds of megabytes once decoded.
    """

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes((width + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")
    )


def open_stored(root, name):
    return Pillow.open(root / name)


def noisy_bytes(format="PNG", size=(600, 400), mode="RGB"):
    """A picture of random noise: it barely compresses, so its file is large for its size."""
    noise = Pillow.effect_noise(size, 90)
    out = io.BytesIO()
    noise.convert(mode).save(out, format=format)
    return out.getvalue()


def animated_gif(size=(200, 100), colours=((255, 0, 0), (0, 255, 0), (0, 0, 255))):
    frames = [Pillow.new("RGB", size, colour) for colour in colours]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=120, loop=0)
    return out.getvalue()
