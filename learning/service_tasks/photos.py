"""Evidence photos: decoded in full by Pillow before anything is saved, so a renamed PDF or a
truncated JPEG is refused with a clear message instead of being stored and failing later."""

import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image

MAX_PHOTOS = 4
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def photo_check(upload) -> str:
    """The file's extension by what Pillow finds in it; ValidationError when it is no photo."""
    name = getattr(upload, "name", "") or _("the file")
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("“%(name)s” is larger than 5 MB; send a smaller photo.") % {"name": name},
            code="photo_too_large",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as picture:
            width, height = picture.size
            kind = picture.format
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("“%(name)s” has too many pixels; send a smaller photo.") % {"name": name},
                    code="photo_too_large",
                )
            picture.load()
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds for data that is not a picture
        raise ValidationError(
            _("“%(name)s” is not a photo that can be opened (JPEG, PNG or WebP).") % {"name": name},
            code="photo_invalid",
        ) from error
    finally:
        upload.seek(0)
    if kind not in FORMATS:
        raise ValidationError(
            _("“%(name)s” is not a JPEG, PNG or WebP photo.") % {"name": name},
            code="photo_type",
        )
    return FORMATS[kind]


def photos_check(uploads) -> list[tuple[object, str]]:
    uploads = list(uploads or [])
    if len(uploads) > MAX_PHOTOS:
        raise ValidationError(
            _("Send at most %(count)s photos.") % {"count": MAX_PHOTOS}, code="too_many_photos"
        )
    return [(upload, photo_check(upload)) for upload in uploads]


def new_token() -> str:
    return secrets.token_hex(16)
