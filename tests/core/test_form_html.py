"""The field groups made in Python (``core.form_html``) are the forms macros' own: the same
elements, attributes, ids, labels, hints, errors and escaping, and each control exactly what
its WTForms widget renders."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask, render_template_string
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length

from core.form_html import checkbox_html, control, field_html
from core.forms import Form, choices

MACROS = '{% from "macros/forms.html" import field, checkbox %}'


class Sample(Form):
    class Meta:
        csrf = False

    text = StringField('Name <&> "quoted"', validators=[DataRequired(), Length(max=30)])
    hinted = StringField("Period", description="E.g. 2010-H2 & <more>", validators=[Length(7)])
    area = TextAreaField("Text", validators=[Length(max=10_000)])
    required_area = TextAreaField("Reasoning", validators=[DataRequired(), Length(max=100)])
    pick = SelectField(
        "Kind",
        choices=choices([("", ""), ("a", "A & b"), ("b<", 'B "quoted"')]),
        validators=[DataRequired()],
    )
    free_pick = SelectField("Owner", choices=choices([("", ""), ("X1", "X1 – Æble")]),
                            validate_choice=False)  # fmt: skip
    many = SelectMultipleField("Many", choices=choices([("1", "One"), ("2", "Two")]))
    when = DateField("When")
    flag = BooleanField("I confirm <this>", description="A hint & more")
    plain_flag = BooleanField("Plain")
    revision = IntegerField(widget=HiddenField.widget, validators=[InputRequired()])


def _normal(html: str) -> str:
    """Whitespace between elements is not compared (the macros leave blank lines)."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()


def _forms() -> list[Form]:
    empty = Sample(formdata=None)
    filled = Sample(
        formdata=None,
        data={
            "text": 'Ærø "x" <y>',
            "hinted": "2010-H2",
            "area": "line one\nline <two> & three",
            "pick": "b<",
            "free_pick": "X1",
            "many": ["2"],
            "flag": True,
            "plain_flag": False,
            "revision": 3,
        },
    )
    with_errors = Sample(formdata=None)
    for name in ("text", "hinted", "area", "pick", "flag", "many", "when"):
        with_errors[name].errors = ["Wrong & <bad>", "Also wrong"]
    return [empty, filled, with_errors]


FIELDS = ("text", "hinted", "area", "required_area", "pick", "free_pick", "many", "when")
OPTIONS: list[dict[str, Any]] = [{}, {"rows": 3}, {"class_": "app-wide", "autocomplete": "off"}]


@pytest.mark.parametrize("options", OPTIONS)
def test_a_field_group_is_the_field_macros(app: Flask, options: dict[str, Any]) -> None:
    macro_args = {**options}
    if "class_" in macro_args:
        macro_args["class"] = macro_args.pop("class_")
    with app.test_request_context("/"):
        for form in _forms():
            for name in FIELDS:
                expected = render_template_string(
                    MACROS + "{{ field(f, **args) }}", f=form[name], args=macro_args
                )
                made = field_html(form[name], **options)
                assert _normal(made) == _normal(expected), name


def test_a_checkbox_is_the_checkbox_macros(app: Flask) -> None:
    with app.test_request_context("/"):
        for form in _forms():
            for name in ("flag", "plain_flag"):
                expected = render_template_string(MACROS + "{{ checkbox(f) }}", f=form[name])
                assert _normal(checkbox_html(form[name])) == _normal(expected), name


def test_each_control_is_byte_for_byte_what_wtforms_renders(app: Flask) -> None:
    with app.test_request_context("/"):
        for form in _forms():
            for field in form:
                for attrs in ({}, {"class": "form-input ", "aria-describedby": "a b", "rows": 3}):
                    assert control(field, **attrs) == field(**attrs), field.name


def test_the_texts_follow_the_language(app: Flask) -> None:
    with app.test_request_context("/", headers={"Accept-Language": "da"}):
        from flask_babel import refresh

        refresh()
        form = _forms()[2]
        expected = render_template_string(MACROS + "{{ field(f) }}", f=form["text"])
        assert _normal(field_html(form["text"])) == _normal(expected)
