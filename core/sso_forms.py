"""The form of the group table (single sign-on)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from core.forms import Form, choices
from core.i18n import current_locale
from core.labels import role_label
from core.models import Body, BodyKind, Role
from core.services.sso import MAX_GROUP_NAME, GroupMappingData

MEMBER_KINDS = (BodyKind.COMMITTEE, BodyKind.COUNCIL, BodyKind.SECRETARIAT)


def grant_choices(bodies: Sequence[Body]) -> list[tuple[str, str]]:
    """What a group can give: a role, or a role in a body (``member:3``)."""
    locale = current_locale()
    pairs = [
        (Role.ADMIN.value, role_label(Role.ADMIN)),
        (Role.SECRETARIAT.value, role_label(Role.SECRETARIAT)),
    ]
    for role, kinds in (
        (Role.MEMBER, MEMBER_KINDS),
        (Role.DATA_CONTACT, (BodyKind.ADMINISTRATION,)),
    ):
        pairs += [
            (f"{role.value}:{b.id}", f"{role_label(role)}: {b.code} – {b.name(locale)}")
            for b in bodies
            if b.kind in kinds
        ]
    return pairs


class GroupMappingForm(Form):
    group_name = StringField(
        _l("Group"),
        validators=[DataRequired(), Length(max=MAX_GROUP_NAME)],
        description=_l(
            "The group's name or id exactly as the identity provider sends it in the group claim."
        ),
    )
    grant = SelectField(_l("Gives"), validators=[InputRequired()])

    def __init__(self, *args: object, bodies: Sequence[Body] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.grant.choices = choices(grant_choices(bodies))

    def to_data(self) -> GroupMappingData:
        role, _, body = (self.grant.data or "").partition(":")
        return GroupMappingData(
            group_name=self.group_name.data or "",
            role=Role(role),
            body_id=int(body) if body.isdigit() else None,
        )
