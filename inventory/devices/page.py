"""The device page's data, read in one place: the record, its moves, history and panels."""
from dataclasses import dataclass

from flask import current_app

from .. import lifecycle, permissions
from ..hotline.panel import HotlinePanel, device_panel
from ..models import Event
from ..workshop.state import WorkshopState, state as workshop_state

# Moves that need more than a tap (a form of their own) go to these endpoints.
MOVE_FORMS = {"recycled": "recycling.device", "parts": "workshop.parts",
              "reserved": "requests.device", "handed_over": "handovers.new",
              "returned": "handovers.give_back"}

# Moves that belong to a panel's own button: ending a reservation also puts the
# request back on the waiting list, which the handovers panel does.
PANEL_MOVES = {("reserved", "ready")}


@dataclass
class DevicePage:
    device: object
    moves: list  # (status, button text, endpoint of its form or None)
    events: list
    workshop: WorkshopState
    hotline: HotlinePanel | None


def device_page(device, user):
    """Everything the device page shows of device to user, read once."""
    # The round's records, read once for the panel, its warnings and the guards' reasons.
    erasures, check = lifecycle.current_erasures(device), lifecycle.latest_check(device)
    return DevicePage(
        device=device, moves=moves_for(device, user.role),
        events=list(Event.history(device)),
        workshop=workshop_state(device, erasures, check),
        hotline=device_panel(device, personal=user.role in permissions.PERSONAL_DATA))


def moves_for(device, role):
    """The moves role may make now, as (status, button text, endpoint or None)."""
    views = current_app.view_functions
    moves = []
    for status in lifecycle.allowed_moves(device.status):
        if (device.status, status) in PANEL_MOVES:
            continue
        endpoint = MOVE_FORMS.get(status)
        if role not in permissions.MOVE_ROLES.get(status, ()):
            continue
        if endpoint and (endpoint not in views or not permissions.allowed(endpoint, "GET", role)):
            continue  # the form this move needs is not there for this user
        moves.append((status, lifecycle.MOVE_LABELS[status], endpoint))
    return moves
