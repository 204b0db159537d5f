"""A form field's group (label, hint, error, control) made in Python, for pages that repeat
many fields (the consolidation workspace shows ten recommendation forms).

The output is the ``field`` and ``checkbox`` macros' of ``templates/macros/forms.html``
(the same elements, attributes, ids, texts and escaping; only the blank lines between the
elements differ): tests/core/test_form_html.py renders both and compares them. The control
of a text input, hidden input, text area, single select or checkbox is written here the way
its WTForms widget writes it (the same attributes in the same order, the same escaping;
the test compares them byte for byte); any other widget, or a field with ``render_kw``, is
rendered by WTForms itself. Three nested Jinja macros and WTForms' ``html_params`` per
field cost the workspace about 15 ms of CPU per request.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import gettext as _
from markupsafe import Markup, escape
from wtforms import widgets

_SELECTS = ("SelectField", "SelectMultipleField")


def _params(attrs: dict[str, Any]) -> str:
    """WTForms' ``html_params`` for attributes whose names need no cleaning."""
    params = []
    for key, value in sorted(attrs.items()):
        if value is True:
            params.append(key)
        elif value is not False:
            params.append(f'{key}="{escape(value)}"')
    return " ".join(params)


def _validation(field: Any, widget: Any, attrs: dict[str, Any]) -> None:
    for key, value in vars(field.flags).items():
        if key in widget.validation_attrs and key not in attrs:
            attrs[key] = value() if callable(value) else value


def _option(choice: Any) -> str:
    value = str(choice.value) if isinstance(choice.value, bool) else choice.value
    options = {"value": value, **(choice.render_kw or {})}
    if choice.selected:
        options["selected"] = True
    return f"<option {_params(options)}>{escape(choice.label or choice.value)}</option>"


def _safe(html: str) -> Markup:
    return Markup(html)  # noqa: S704 - every piece is escaped (or WTForms' own Markup)


def control(field: Any, **attrs: Any) -> Markup:
    """What ``field(**attrs)`` renders (``attrs`` with plain HTML attribute names)."""
    return _safe(_control(field, attrs))


def _control(field: Any, attrs: dict[str, Any]) -> str:
    widget = field.widget
    kind = type(widget)
    if getattr(field, "render_kw", None) or getattr(field, "_datalist", None) is not None:
        return str(field(**attrs))
    attrs.setdefault("id", field.id)
    if kind in (widgets.TextInput, widgets.HiddenInput, widgets.CheckboxInput):
        attrs.setdefault("type", widget.input_type)
        if kind is widgets.CheckboxInput and getattr(field, "checked", field.data):
            attrs.setdefault("checked", True)
        if "value" not in attrs:
            attrs["value"] = field._value()
        _validation(field, widget, attrs)
        attrs["name"] = field.name
        return f"<input {_params(attrs)}>"
    if kind is widgets.TextArea:
        _validation(field, widget, attrs)
        attrs["name"] = field.name
        return f"<textarea {_params(attrs)}>\r\n{escape(field._value())}</textarea>"
    if kind is widgets.Select and not widget.multiple and not field.has_groups():
        _validation(field, widget, attrs)
        attrs["name"] = field.name
        options = "".join(_option(c) for c in field._iter_choices_normalized())
        return f"<select {_params(attrs)}>{options}</select>"
    return str(field(**attrs))


def _describedby(field: Any) -> str:
    ids = []
    if field.description:
        ids.append(f"{field.id}-hint")
    if field.errors:
        ids.append(f"{field.id}-error")
    return " ".join(ids)


def _hint_and_error(field: Any) -> str:
    parts = []
    if field.description:
        hint = escape(field.description)
        parts.append(f'<span class="form-hint" id="{escape(field.id)}-hint">{hint}</span>')
    if field.errors:
        parts.append(
            f'<span class="form-error-message" id="{escape(field.id)}-error">'
            f'<span class="sr-only">{escape(_("Error:"))}</span> '
            f"{escape(' '.join(str(e) for e in field.errors))}</span>"
        )
    return "\n".join(parts)


def field_html(
    field: Any, class_: str = "", autocomplete: str | None = None, rows: int | None = None
) -> Markup:
    """What ``{{ field(field, class, autocomplete, rows) }}`` of the forms macros renders."""
    describedby = _describedby(field)
    kind = "form-select " if field.type in _SELECTS else "form-input "
    attrs: dict[str, Any] = {"class": kind + class_}
    if describedby:
        attrs["aria-describedby"] = describedby
    if field.errors:
        attrs["aria-invalid"] = "true"
    if autocomplete:
        attrs["autocomplete"] = autocomplete
    if rows:
        attrs["rows"] = rows
    required = (
        f' <span class="app-required">({escape(_("required"))})</span>'
        if field.flags.required
        else ""
    )
    error = " form-error" if field.errors else ""
    return _safe(
        f'<div class="form-group{error}">\n'
        f'  <label class="form-label" for="{escape(field.id)}">'
        f"{escape(field.label.text)}{required}</label>\n"
        f"{_hint_and_error(field)}\n"
        f"  {_control(field, attrs)}\n"
        "</div>"
    )


def checkbox_html(field: Any) -> Markup:
    """What ``{{ checkbox(field) }}`` of the forms macros renders."""
    describedby = _describedby(field)
    error = " form-error" if field.errors else ""
    attrs: dict[str, Any] = {"class": "form-checkbox checkbox-large"}
    if describedby:
        attrs["aria-describedby"] = describedby
    return _safe(
        f'<div class="form-group form-group-checkbox{error}">\n'
        f"{_hint_and_error(field)}\n"
        f"  {_control(field, attrs)}\n"
        f'  <label for="{escape(field.id)}">{escape(field.label.text)}</label>\n'
        "</div>"
    )


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(field_html=field_html, checkbox_html=checkbox_html)
