"""Log-in, log-out (here or everywhere) and changing one's own password."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user
from werkzeug.wrappers import Response

from core import sso
from core.auth import end_session, start_session
from core.clock import utcnow
from core.extensions import limiter
from core.forms import ChangePasswordForm, LoginForm
from core.i18n import current_locale, error_text
from core.routing import external_url
from core.services import accounts, sessions
from core.services import sso as sso_service
from core.views.common import safe_next
from core.views.unit_of_work import run

bp = Blueprint("auth", __name__)


def _account_key() -> str:
    return "login-account:" + accounts.normalise_email(request.form.get("email", ""))


def _failed(response: Response) -> bool:
    # Only failed attempts count towards the limits; a successful log-in redirects.
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ADDRESS"],
    methods=["POST"],
    deduct_when=_failed,
    scope="login-address",
)
@limiter.limit(
    lambda: current_app.config["LOGIN_LIMIT_PER_ACCOUNT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_failed,
    scope="login-account",
)
def login() -> Response | str | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")
    if form.validate_on_submit():
        outcome = run(
            lambda: sso_service.authenticate_password(
                form.email.data or "",
                form.password.data or "",
                now=utcnow(),
                sso_required=sso.enabled() and current_app.config["SSO_REQUIRED"],
            ),
            form=form,
        )
        if outcome.error is not None:  # said as it is, not as a wrong password
            return render_template("core/login.html", form=form), outcome.status
        user = outcome.value
        if user is not None:
            started = run(lambda: start_session(user))  # clears the session: flash after it
            if not started.ok:
                return render_template("core/login.html", form=form), started.status
            flash(_("You are logged in."), "success")
            return redirect(safe_next(form.next.data, url_for("main.index")))
        form.password.errors = [_("The e-mail address or the password is not correct.")]
        return render_template("core/login.html", form=form), 401
    return render_template("core/login.html", form=form), (400 if form.errors else 200)


@bp.post("/logout")
def logout() -> Response | str:
    """End the session here and, after a single sign-on, at the identity provider too
    (RP-initiated log-out) where it offers that: through a page of our own, since the form
    may only lead to this site (Content-Security-Policy ``form-action 'self'``)."""
    through_provider = bool(session.pop(sso.SIGNED_IN, False)) and sso.enabled()
    id_token = session.pop(sso.ID_TOKEN, None)
    if current_user.is_authenticated:
        run(lambda: end_session(current_user._get_current_object()))
    provider = (
        sso.logout_url(id_token, external_url("main.index"), current_locale())
        if through_provider
        else None
    )
    if provider:
        return render_template("core/logged_out_sso.html", provider_url=provider)
    flash(_("You are logged out."), "success")
    return redirect(url_for("main.index"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password() -> Response | str | tuple[str, int]:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        outcome = run(
            lambda: accounts.change_password(
                current_user,
                form.current_password.data or "",
                form.new_password.data or "",
                now=utcnow(),
            ),
            flash_errors=False,  # the reason goes beside the current password
        )
        if outcome.error is not None:
            form.current_password.errors = [error_text(outcome.error)]
            return render_template("core/password.html", form=form), 400
        # A new session: the old ones ended, and the cookie carries the new token.
        run(lambda: start_session(current_user._get_current_object()))
        flash(_("Your password has been changed."), "success")
        return redirect(url_for("main.index"))
    return render_template("core/password.html", form=form), (400 if form.errors else 200)


@bp.post("/account/logout-everywhere")
@login_required
def logout_everywhere() -> Response:
    run(
        lambda: sessions.end_all_sessions(
            current_user, actor=current_user, now=utcnow(), reason="logged_out_everywhere"
        )
    )
    logout_user()
    flash(_("You are logged out everywhere."), "success")
    return redirect(url_for("auth.login"))
