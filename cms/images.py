"""The admin's image upload form: a picture is decoded in full before it is saved.

Wagtail checks the file's type from its first bytes and reads its size; a PNG with the right
header and broken data passes that (or crashes it: a 500), is saved, and then fails every
rendition, so every page that shows it. Set as WAGTAILIMAGES_IMAGE_FORM_BASE; the single and
the multiple uploader both use it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class DecodedImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        self.check_image_decodes(f)
        super().check_image_pixel_size(f)

    def check_image_decodes(self, f):
        f.seek(0)
        try:
            with PILImage.open(f) as picture:
                width, height = picture.size
                if self.max_image_pixels and width * height > self.max_image_pixels:
                    return  # too large to decode here: Wagtail's own check says so
                picture.load()
        except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
            return  # Wagtail's own check explains the limit
        except Exception as error:  # Pillow raises many kinds for bad data
            raise ValidationError(
                _(
                    "This picture is damaged or incomplete and cannot be shown. Open it in an "
                    "image program, save it again, and upload the new file."
                ),
                code="invalid_image",
            ) from error
        finally:
            f.seek(0)


class ImageForm(BaseImageForm):
    file = DecodedImageField(label=_("File"))
