"""Log in, log out, change password, choose the language."""
from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from .. import auth
from ..accounts import AccountError, change_password
from ..forms import LoginForm, PasswordForm

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return auth.redirect_next()
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = auth.authenticate(form.username.data, form.password.data,
                                     request.remote_addr)
        except auth.Throttled as throttled:
            flash(auth.throttled_message(throttled.minutes), "error")
            return (render_template("auth/login.html", form=form), 429,
                    {"Retry-After": str(throttled.seconds)})
        if user is None:
            flash(str(auth.LOGIN_REFUSED), "error")
            return render_template("auth/login.html", form=form), 401
        session.clear()
        login_user(user)
        return auth.redirect_next()
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    auth.end_sessions(current_user._get_current_object())
    logout_user()
    session.clear()
    flash(_("You are logged out, on every device."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            change_password(user, form.current.data, form.new.data)
        except AccountError as error:
            flash(str(error), "error")
        else:
            # Other sessions ended with the old token; keep this one.
            login_user(user)
            flash(_("Password changed. Your other sessions are closed."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/language", methods=["POST"])
def language():
    chosen = request.form.get("language")
    if chosen in current_app.config["LANGUAGES"]:
        session["language"] = chosen
    return redirect(auth.safe_next(request.form.get("next")))
