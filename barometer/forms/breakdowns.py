"""Forms of breakdowns: a dimension with its categories, and an indicator's dimensions."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from barometer.forms.catalogue import LockedForm, _text
from barometer.services.breakdowns import MAX_CATEGORIES, CategoryData, DimensionData
from core.forms import Form, choices


def parse_categories(text: str) -> tuple[CategoryData, ...]:
    """One category a line, in order: ``code; Danish name; English name`` (English optional)."""
    found = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) < 2 or len(parts) > 3 or not parts[0] or not parts[1]:
            raise ValueError(number)
        found.append(CategoryData(parts[0], parts[1], parts[2] if len(parts) == 3 else None))
    return tuple(found)


def categories_text(categories: Sequence[object]) -> str:
    return "\n".join(
        "; ".join(p for p in (c.code, c.name_da, c.name_en or "") if p)  # type: ignore[attr-defined]
        for c in categories
    )


class DimensionForm(LockedForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("A short code such as herkomst; kept across versions."),
    )
    name_da = StringField(_l("Name in Danish"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[Optional(), Length(max=200)])
    categories = TextAreaField(
        _l("Categories"),
        validators=[DataRequired(), Length(max=20000)],
        description=_l(
            "One category a line, in the order they are shown: code; Danish name; English "
            "name. For example: ikke-vestlig; Ikke-vestlig oprindelse; Non-Western origin"
        ),
    )
    illustrative = BooleanField(_l("Illustrative demo data"))

    def validate_categories(self, field: Field) -> None:
        try:
            parsed = parse_categories(field.data)
        except ValueError as err:
            raise ValidationError(
                _l("Line %(line)s: write code; Danish name; English name.", line=err.args[0])
            ) from None
        if len(parsed) > MAX_CATEGORIES:
            raise ValidationError(_l("At most %(max)s categories.", max=MAX_CATEGORIES))

    def to_data(self) -> DimensionData:
        return DimensionData(
            _text(self.code.data),
            _text(self.name_da.data),
            _text(self.name_en.data) or None,
            parse_categories(self.categories.data or ""),
            bool(self.illustrative.data),
        )


class IndicatorDimensionsForm(Form):
    dimensions = SelectMultipleField(
        _l("Breakdown dimensions"),
        description=_l("The values of the indicator are also entered for each category."),
    )
    expected = HiddenField()

    def __init__(self, *args: object, options: Sequence[tuple[str, str]] = (), **kwargs: object):
        super().__init__(*args, **kwargs)
        self.dimensions.choices = choices(options)

    def expected_codes(self) -> list[str]:
        return [c for c in (self.expected.data or "").split(",") if c]
