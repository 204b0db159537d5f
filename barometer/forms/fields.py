"""Fields shared by the barometer's forms: a locale-aware decimal and a half-year period."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, Field
from wtforms.validators import ValidationError
from wtforms.widgets import TextInput

from barometer.validation import parse_period
from core.forms import Form
from core.i18n import current_locale


class LocalDecimalField(DecimalField):
    """A number typed the Danish way ("1.150,5") or the English way ("1,150.5").

    A text input with a decimal keyboard: a browser's number input would refuse the comma.
    """

    widget = TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("render_kw", {"inputmode": "decimal", "autocomplete": "off"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not str(valuelist[0]).strip():
            self.data = None
            return
        text = str(valuelist[0]).strip().replace(" ", "").replace("\u00a0", "")
        if "," in text and "." in text:
            text = (
                text.replace(".", "").replace(",", ".")
                if text.rfind(",") > text.rfind(".")
                else text.replace(",", "")
            )
        else:
            text = text.replace(",", ".")
        try:
            self.data = Decimal(text)
        except InvalidOperation:
            self.data = None
            raise ValueError(self.gettext("Not a valid decimal value.")) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        if self.data is None:
            return ""
        text = format(Decimal(self.data).normalize(), "f")
        return text.replace(".", ",") if current_locale() == "da" else text


def period_check(form: Form, field: Field) -> None:
    if field.data and parse_period(field.data.strip()) is None:
        raise ValidationError(_l("Write a half-year period such as 2007-H1."))
