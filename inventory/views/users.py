"""Staff accounts, for admins."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from playhouse.flask_utils import get_object_or_404

from ..errors import Refused
from ..accounts import create_user, update_user
from ..forms import UserForm
from ..models import User
from . import refused

bp = Blueprint("users", __name__, url_prefix="/users")


@bp.route("/", methods=["GET", "POST"])
def index():
    form = UserForm()
    if form.validate_on_submit():
        try:
            user = create_user(form.username.data, form.password.data, form.role.data,
                               form.display_name.data)
        except Refused as error:
            refused(error)
        else:
            flash(_("Account %(name)s created.", name=user.username), "success")
            return redirect(url_for("users.index"))
    users = User.select().order_by(User.active.desc(), User.username)
    return render_template("users/index.html", users=users, form=form)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
def edit(user_id):
    user = get_object_or_404(User, User.id == user_id)
    form = UserForm(obj=user)
    form.username.render_kw = {"readonly": True}
    if form.validate_on_submit():
        try:
            update_user(user, form.role.data, form.active.data, form.display_name.data,
                        form.password.data)
        except Refused as error:
            refused(error)
        else:
            flash(_("Account %(name)s saved.", name=user.username), "success")
            return redirect(url_for("users.index"))
    return render_template("users/edit.html", user=user, form=form)
