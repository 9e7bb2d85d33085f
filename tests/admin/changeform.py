"""Post an admin change form back the way a browser would."""

from django import forms


def _form_data(form):
    data = {}
    for bound_field in form:
        field, value = bound_field.field, bound_field.value()
        if isinstance(field, forms.NullBooleanField):
            # A select of unknown, yes and no (NullBooleanSelect's values).
            data[bound_field.html_name] = {True: "true", False: "false"}.get(value, "unknown")
        elif isinstance(field, forms.BooleanField):
            if value:
                data[bound_field.html_name] = "on"
        elif isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            data[bound_field.html_name] = [str(item) for item in value or ()]
        else:
            data[bound_field.html_name] = "" if value is None else str(value)
    return data


def changeform_data(response):
    """
    The data an admin add or change page would post if submitted untouched.

    Covers the main form and every inline's management form and rows, so a
    test changes only the values it is about.
    """
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data


def add_inline_row(data, prefix, **values):
    """Add a row to the inline formset `prefix` in posted data, as "Add another" does."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data
