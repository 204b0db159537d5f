"""How a catalogue change made by a decision is told to the bodies, e.g. "Success criterion
added to UDD-M3: Mindst 85 pct. ... – target value 90 (2010-H2)"."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from core.i18n import number

CHANGE_LABELS = {
    "add_success_criterion": _l("Success criterion added to %(code)s"),
    "change_success_criterion": _l("Success criterion %(code)s changed"),
    "remove_success_criterion": _l("Success criterion %(code)s removed"),
    "add_indicator": _l("Indicator added to %(code)s"),
    "change_indicator": _l("Indicator %(code)s changed"),
    "remove_indicator": _l("Indicator %(code)s removed"),
    "add_goal": _l("Goal added to %(code)s"),
    "change_goal": _l("Goal %(code)s changed"),
    "other": _l("Noted; the catalogue is not changed"),
}


def _value(value: Any) -> str:
    try:
        return number(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


def change_text(kind: str, target_code: str, fields: Mapping[str, Any] | None = None) -> str:
    label = CHANGE_LABELS.get(kind)
    text = str(label) % {"code": target_code} if label is not None else f"{kind} {target_code}"
    fields = fields or {}
    content = fields.get("text") or fields.get("name_da")
    if content and kind != "other":
        text += f": {content}"
    if fields.get("target_value") not in (None, ""):
        text += f" – {_('target value')} {_value(fields['target_value'])}"
    if fields.get("target_period"):
        text += f" ({fields['target_period']})"
    return text


JINJA_GLOBALS = {"change_text": change_text}
