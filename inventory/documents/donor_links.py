"""Read-only links for donors: one valid link per donation, revocable, replaced by a new one."""
import hmac

from flask import current_app

from .issuing import TOKEN_PATTERN, new_token
from ..db import database
from ..models import DonorLink, now


def url(link):
    return "%s/donor/%s" % (current_app.config["BASE_URL"], link.token)


def active(donation):
    """Return the donation's valid link, or None."""
    return (DonorLink.select()
            .where((DonorLink.donation == donation.id) & DonorLink.revoked_at.is_null())
            .order_by(DonorLink.id.desc()).first())


def history(donation):
    return list(DonorLink.select().where(DonorLink.donation == donation.id)
                .order_by(DonorLink.id.desc()))


def create(donation, user):
    """Make a new link for donation; any link it had stops working. Return the new link."""
    with database.atomic():
        revoke(donation, user)
        return DonorLink.create(donation=donation.id, token=new_token(),
                                created_by=user.id if user else None)


def revoke(donation, user):
    """Stop every valid link of donation; return how many were stopped."""
    return DonorLink.update(revoked_at=now()).where(
        (DonorLink.donation == donation.id) & DonorLink.revoked_at.is_null()).execute()


def by_token(token):
    """Return the valid link with this token, or None."""
    if not isinstance(token, str) or not TOKEN_PATTERN.match(token):
        return None
    link = DonorLink.get_or_none((DonorLink.token == token) & DonorLink.revoked_at.is_null())
    if link is None or not hmac.compare_digest(link.token, token):
        return None
    return link
