"""E-mail subscriptions for anyone, without an account (``core.services.subscriptions``).

The subscribe form answers the same whether or not the address is subscribed already.
A link from a mail is never used by a GET (mail scanners open links): the page shows what
the link does and a button that does it. The unsubscribe POST also takes the one-click
unsubscription of mail programs (RFC 8058), which comes without a CSRF token: the signed
link is the proof, so that route is exempt.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from core.clock import utcnow
from core.errors import DomainError
from core.extensions import csrf, limiter
from core.forms import TOPIC_LABELS, SubscribeForm
from core.i18n import error_text
from core.labels import LANGUAGE_NAMES
from core.services import subscriptions
from core.subscription_models import Subscriber
from core.views.unit_of_work import run

bp = Blueprint("subscriptions", __name__, url_prefix="/subscriptions")

Page = str | tuple[str, int] | Response


def _message(heading: str, text: str, status: int = 200) -> tuple[str, int]:
    return render_template("core/subscriptions/message.html", heading=heading, text=text), status


def _invalid(err: subscriptions.InvalidLink) -> tuple[str, int]:
    return _message(_("The link cannot be used"), error_text(err), 400)


def _refused(err: DomainError) -> tuple[str, int]:
    if isinstance(err, subscriptions.InvalidLink):
        return _invalid(err)
    return _message(_("Nothing was changed"), error_text(err), err.status_code)


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["SUBSCRIBE_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    scope="subscribe-address",
)
def subscribe() -> Page:
    form = SubscribeForm()
    if request.method == "GET" and request.args.get("topic") in ("hearings", "editions"):
        form.topics.data = [request.args["topic"]]
    if form.validate_on_submit():
        outcome = run(
            lambda: subscriptions.request_subscription(
                form.email.data or "", form.topics.data or [], form.language.data, now=utcnow()
            ),
            form=form,
        )
        if outcome.ok:
            return redirect(url_for("subscriptions.sent"))
        return render_template("core/subscriptions/subscribe.html", form=form), outcome.status
    status = 400 if form.errors else 200
    return render_template("core/subscriptions/subscribe.html", form=form), status


@bp.get("/sent")
def sent() -> tuple[str, int]:
    return _message(
        _("Check your e-mail"),
        _(
            "If the address can receive mail, a message with a link is on its way. "
            "Use the link to confirm the subscription. Nothing is sent to the address "
            "before it is confirmed."
        ),
    )


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm(token: str) -> Page:
    try:
        wanted = subscriptions.read_confirm_token(token, utcnow())
    except subscriptions.InvalidLink as err:
        return _invalid(err)
    if request.method == "GET":
        return render_template(
            "core/subscriptions/confirm.html",
            request_=wanted,
            topic_labels=TOPIC_LABELS,
            language_names=LANGUAGE_NAMES,
        )
    outcome = run(lambda: subscriptions.confirm(token, now=utcnow()), flash_errors=False)
    if outcome.error is not None:
        return _refused(outcome.error)
    return _message(
        _("You are subscribed"),
        _("You will get an e-mail when there is news. Every e-mail has a link to unsubscribe."),
    )


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt
def unsubscribe(token: str) -> Page:
    try:
        subscriber: Subscriber | None = subscriptions.subscriber_for(token)
    except subscriptions.InvalidLink as err:
        return _invalid(err)
    if request.method == "GET":
        if subscriber is None:
            return _gone()
        return render_template("core/subscriptions/unsubscribe.html", subscriber=subscriber)
    outcome = run(lambda: subscriptions.unsubscribe(token, now=utcnow()), flash_errors=False)
    if outcome.error is not None:
        return _refused(outcome.error)
    if not outcome.value:
        return _gone()
    return _message(
        _("You are unsubscribed"),
        _("The address was deleted from our list. You will get no more e-mails about news."),
    )


def _gone() -> tuple[str, int]:
    return _message(
        _("You are not subscribed"),
        _("The address is not on our list (any more). Nothing was changed."),
    )
