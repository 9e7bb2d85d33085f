"""Uploading through the admin as an editor's browser would."""

from django.urls import reverse

from tests.admin.changeform import add_inline_row, changeform_data

ADD_URL = "admin:images_image_add"


def post_new_image(admin_client, file, *, alt="Cheyenne at the barre", **fields):
    """Post the image admin's add form with `file`; the response (a redirect when saved)."""
    url = reverse(ADD_URL)
    data = changeform_data(admin_client.get(url))
    data.update(alt=alt, file=file, **fields)
    return admin_client.post(url, data)


def post_inline_upload(admin_client, change_url, prefix, file, **fields):
    """Post an entry's change page with one new row in its images inline, uploading `file`."""
    data = changeform_data(admin_client.get(change_url))
    add_inline_row(data, prefix, upload=file, **fields)
    return admin_client.post(change_url, data)


def errors_of(response):
    """Every error message on an admin change page, main form and inlines."""
    messages = []
    form = response.context["adminform"].form
    messages += [str(e) for errors in form.errors.values() for e in errors]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        messages += [str(e) for e in formset.non_form_errors()]
        for row in formset.errors:
            messages += [str(e) for errors in row.values() for e in errors]
    return messages
