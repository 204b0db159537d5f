"""Forms of ``core``. Each validates and hands plain data on through ``to_data()``."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    EqualTo,
    InputRequired,
    Length,
    Optional,
    ValidationError,
)

from core.i18n import current_locale
from core.models import Body, BodyKind, Role, User
from core.queries import AuditFilter
from core.services.accounts import MIN_PASSWORD_LENGTH, BodyData, RoleData, UserData
from core.wtforms_i18n import translations_for


class Form(FlaskForm):
    """The base of every form: WTForms' own messages follow the user's language."""

    class Meta:
        def get_translations(self, form: object) -> object:
            return translations_for(form)


def choices(pairs: Sequence[tuple[object, object]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def body_option(body: Body) -> tuple[int, str]:
    """A body as a select option: its code and its name in the page's language."""
    return body.id, f"{body.code} – {body.name(current_locale())}"


LOCALE_CHOICES = choices([("da", "Dansk"), ("en", "English")])


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class ChangePasswordForm(Form):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=_l("At least %(length)s characters.", length=MIN_PASSWORD_LENGTH),
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )


class UserForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    locale = SelectField(_l("Language"), choices=LOCALE_CHOICES, default="da")
    active = BooleanField(_l("Active"), default=True)
    is_admin = BooleanField(_l("Administrator"))
    is_secretariat = BooleanField(_l("Secretariat"))
    member_of = SelectMultipleField(
        _l("Member of"), coerce=int, description=_l("Committees and councils the user answers for.")
    )
    data_contact_for = SelectMultipleField(
        _l("Data contact for"),
        coerce=int,
        description=_l("Administrations whose measurements the user enters."),
    )
    password = PasswordField(
        _l("Password"),
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH, max=200)],
        description=_l("At least %(length)s characters.", length=MIN_PASSWORD_LENGTH),
    )
    version = HiddenField()

    def __init__(self, *args: object, bodies: Sequence[Body] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.member_of.choices = choices(
            [
                body_option(b)
                for b in bodies
                if b.kind in (BodyKind.COMMITTEE, BodyKind.COUNCIL, BodyKind.SECRETARIAT)
            ]
        )
        self.data_contact_for.choices = choices(
            [body_option(b) for b in bodies if b.kind == BodyKind.ADMINISTRATION]
        )

    def show(self, user: User) -> None:
        """Fill what ``obj=user`` cannot: the roles and the version the page was opened at."""
        self.is_admin.data = user.has_role(Role.ADMIN)
        self.is_secretariat.data = user.has_role(Role.SECRETARIAT)
        self.member_of.data = [b.id for b in user.member_bodies]
        self.data_contact_for.data = [b.id for b in user.data_contact_bodies]
        self.version.data = str(user.version)

    def to_data(self) -> UserData:
        roles: list[RoleData] = []
        if self.is_admin.data:
            roles.append(RoleData(Role.ADMIN))
        if self.is_secretariat.data:
            roles.append(RoleData(Role.SECRETARIAT))
        roles += [RoleData(Role.MEMBER, body_id) for body_id in self.member_of.data or []]
        roles += [
            RoleData(Role.DATA_CONTACT, body_id) for body_id in self.data_contact_for.data or []
        ]
        return UserData(
            email=self.email.data or "",
            name=self.name.data or "",
            locale=self.locale.data or "da",
            active=bool(self.active.data),
            roles=tuple(roles),
        )

    def expected_version(self) -> int | None:
        return int(self.version.data) if (self.version.data or "").isdigit() else None


class BodyForm(Form):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("A short code such as BIU."),
    )
    kind = SelectField(
        _l("Kind"),
        choices=choices(
            [
                (BodyKind.COMMITTEE.value, _l("Committee")),
                (BodyKind.COUNCIL.value, _l("Council")),
                (BodyKind.ADMINISTRATION.value, _l("Administration")),
                (BodyKind.SECRETARIAT.value, _l("Secretariat")),
            ]
        ),
    )
    name_da = StringField(_l("Name in Danish"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("Shared e-mail address"), validators=[Optional(), Email(), Length(max=254)]
    )
    committee_id = SelectField(
        _l("Reports to committee"), coerce=int, validators=[InputRequired()], default=0
    )
    active = BooleanField(_l("Active"), default=True)
    version = HiddenField()

    def __init__(self, *args: object, committees: Sequence[Body] = (), **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.committee_id.choices = choices(
            [(0, _l("None"))] + [body_option(b) for b in committees]
        )

    def show(self, body: Body) -> None:
        """Fill what ``obj=body`` cannot: no committee as 0, and the version opened at."""
        self.committee_id.data = body.committee_id or 0
        self.version.data = str(body.version)

    def validate_code(self, field: StringField) -> None:
        if field.data and any(ch.isspace() for ch in field.data.strip()):
            raise ValidationError(_l("The code cannot contain spaces."))

    def to_data(self) -> BodyData:
        return BodyData(
            code=self.code.data or "",
            kind=BodyKind(self.kind.data),
            name_da=self.name_da.data or "",
            name_en=self.name_en.data or "",
            email=self.email.data or None,
            committee_id=self.committee_id.data or None,
            active=bool(self.active.data),
        )

    def expected_version(self) -> int | None:
        return int(self.version.data) if (self.version.data or "").isdigit() else None


class AuditFilterForm(Form):
    class Meta:
        csrf = False  # a GET filter changes nothing

    actor = StringField(_l("Actor (e-mail)"), validators=[Optional(), Length(max=254)])
    action = StringField(_l("Action"), validators=[Optional(), Length(max=80)])
    object_type = StringField(_l("Object type"), validators=[Optional(), Length(max=80)])
    object_id = StringField(_l("Object id"), validators=[Optional(), Length(max=80)])
    date_from = DateField(_l("From date"), validators=[Optional()])
    date_to = DateField(_l("To date"), validators=[Optional()])
    page = IntegerField(validators=[Optional()], default=1)

    def to_data(self) -> AuditFilter:
        return AuditFilter(
            actor=self.actor.data or "",
            action=self.action.data or "",
            object_type=self.object_type.data or "",
            object_id=self.object_id.data or "",
            date_from=self.date_from.data,
            date_to=self.date_to.data,
        )


TOPIC_LABELS = {
    "hearings": _l("New public hearings"),
    "editions": _l("New editions of the integration barometer"),
}
TOPIC_CHOICES = choices(list(TOPIC_LABELS.items()))


class SubscribeForm(Form):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Email(), Length(max=254)],
        description=_l("We send a link to this address. You are subscribed when you use it."),
    )
    topics = SelectMultipleField(
        _l("Tell me about"),
        choices=TOPIC_CHOICES,
        validators=[DataRequired(message=_l("Choose what you want to be told about."))],
    )
    language = SelectField(_l("Language of the e-mails"), choices=LOCALE_CHOICES)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_submitted() and not self.language.data:
            self.language.data = current_locale()
