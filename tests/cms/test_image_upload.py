"""A corrupt picture uploaded in the admin: a clear form error in Chinese, no 500, nothing
saved (a broken image would fail every page that shows it)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

pytestmark = pytest.mark.django_db


def png_bytes(size=(64, 48)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def corrupt_pngs():
    good = png_bytes()
    # The header and size are right, the pixel data is not: the type check passes, decoding
    # (the renditions every page needs) fails.
    return {
        "truncated": good[: len(good) // 2],
        "garbled": good[:60] + bytes(len(good) - 60),
        "header only": good[:33],
        "not an image": b"\x89PNG\r\n\x1a\n" + b"hello" * 20,
    }


@pytest.mark.parametrize("name", list(corrupt_pngs()))
def test_a_corrupt_png_is_refused_with_a_chinese_form_error(admin_client, name):
    from wagtail.images import get_image_model

    upload = SimpleUploadedFile("picture.png", corrupt_pngs()[name], content_type="image/png")
    response = admin_client.post("/admin/images/add/", {"title": "坏图", "file": upload})
    assert response.status_code == 200  # the form again, with its error
    errors = response.context["form"].errors
    assert "file" in errors
    assert any("\u4e00" <= char <= "\u9fff" for char in " ".join(errors["file"]))
    assert not get_image_model().objects.filter(title="坏图").exists()


def test_a_corrupt_png_in_the_multiple_upload_is_refused_as_json(admin_client):
    from wagtail.images import get_image_model

    upload = SimpleUploadedFile(
        "picture.png", corrupt_pngs()["truncated"], content_type="image/png"
    )
    response = admin_client.post("/admin/images/multiple/add/", {"files[]": upload})
    assert response.status_code == 200
    body = response.json()
    assert body["success"] is False
    assert any("\u4e00" <= char <= "\u9fff" for char in body["error_message"])
    assert not get_image_model().objects.exists()


def test_a_good_png_is_still_saved(admin_client):
    from wagtail.images import get_image_model

    upload = SimpleUploadedFile("picture.png", png_bytes(), content_type="image/png")
    response = admin_client.post("/admin/images/add/", {"title": "好图", "file": upload})
    assert response.status_code == 302
    image = get_image_model().objects.get(title="好图")
    assert (image.width, image.height) == (64, 48)
