"""The one refusal type, and error pages in the site's look, never a traceback."""
import logging

from flask import g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from flask_wtf.csrf import CSRFError
from peewee import DatabaseError, InterfaceError
from werkzeug.exceptions import HTTPException, InternalServerError

from .db import trouble

log = logging.getLogger(__name__)


class Refused(Exception):
    """A user-facing refusal: nothing was changed, and reasons (lazy, translated) say why.

    fields maps a form field's name to the reason about that field (also in reasons), so
    a form can show it under the field.
    """

    # The error page's status, for a refusal that no view catches.
    status = 400

    def __init__(self, *reasons, fields=None):
        self.fields = dict(fields or {})
        self.reasons = [*reasons, *self.fields.values()]
        super().__init__(*self.reasons)

    def __str__(self):
        return "; ".join(str(reason) for reason in self.reasons)

    @property
    def page_message(self):
        """What the error page says; None for the status's own message."""
        return str(self)


TITLES = {
    400: _l("Bad request"),
    401: _l("Login needed"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Not allowed"),
    409: _l("Changed meanwhile"),
    413: _l("Too large"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong"),
}

MESSAGES = {
    400: _l("The request could not be understood."),
    401: _l("Please log in."),
    403: _l("Your role does not allow this. Ask an administrator if you need it."),
    404: _l("There is nothing at this address."),
    405: _l("This address does not take that kind of request."),
    409: _l("Someone changed this record meanwhile: nothing was saved. Reload and try again."),
    413: _l("The file or form is too large."),
    429: _l("Too many attempts: wait a moment and try again."),
    500: _l("The error is logged. Nothing was half-saved: try again, or tell an administrator."),
}


# What a person is told when the database fails them; every case: nothing was saved (the
# use case's transaction rolled back).
TROUBLES = {
    "busy": (503, _l("Database busy"),
             _l("The database is busy with other work: nothing was saved. Wait a moment and "
                "try again.")),
    "full": (507, _l("Disk full"),
             _l("The disk is full: nothing was saved. Tell an administrator.")),
    "read_only": (503, _l("Database read-only"),
                  _l("The database cannot be written to (read-only disk): nothing was saved. "
                     "Tell an administrator.")),
    "disk": (503, _l("Disk error"),
             _l("The disk could not be read or written: nothing was saved. Tell an "
                "administrator.")),
    "unreachable": (503, _l("Database unreachable"),
                    _l("The database cannot be reached: nothing was saved. Try again in a "
                       "moment, or tell an administrator.")),
}


def render_trouble(kind):
    code, title, message = TROUBLES[kind]
    # The page must not ask the database who is logged in: it is what failed.
    if "_login_user" not in g:
        g._login_user = AnonymousUserMixin()
    if request.blueprint == "api" or request.accept_mimetypes.best == "application/json":
        response = jsonify(error=str(message), status=code)
    else:
        response = render_template("error.html", code=code, title=title, message=message)
    headers = {"Retry-After": "5"} if kind == "busy" else {}
    return response, code, headers


def render_error(code, message=None):
    if request.blueprint == "api" or request.accept_mimetypes.best == "application/json":
        return jsonify(error=str(message or MESSAGES.get(code, "")), status=code), code
    return render_template("error.html", code=code, title=TITLES.get(code, code),
                           message=message or MESSAGES.get(code, "")), code


def init_app(app):
    @app.errorhandler(HTTPException)
    def _http(error):
        if error.code in (301, 302, 303, 307, 308):
            return error
        return render_error(error.code or 500)

    @app.errorhandler(CSRFError)
    def _csrf(error):
        return render_error(400, _l("The form had expired or came from elsewhere. Reload the "
                                    "page and submit again."))

    @app.errorhandler(Refused)
    def _refused(error):
        # Views catch their refusals; one that gets here still says why, never a 500.
        return render_error(error.status, error.page_message)

    @app.errorhandler(DatabaseError)
    def _database(error):
        kind = trouble(error)
        if kind is None:
            return _any(error)
        log.warning("Database trouble (%s) on %s %s: %s", kind, request.method, request.path,
                    error)
        return render_trouble(kind)

    @app.errorhandler(InterfaceError)
    def _interface(error):
        kind = trouble(error)
        return render_trouble(kind) if kind else _any(error)

    @app.errorhandler(Exception)
    def _any(error):
        if isinstance(error, HTTPException):
            return _http(error)
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(InternalServerError.code)
