"""The demo dataset: deterministic, a campaign's last 12 weeks, one user per role.

Everything is made through the use cases, each step under the clock of the moment it
happens (models.clock_at), in the order of those moments: donations arrive over the
weeks, their devices move on in the days after, receipts are numbered in date order,
requests wait, loans are out and one is overdue. The same seed on the same day gives
the same dataset; the dates follow the day it runs.
"""
import datetime
import random

import click

from .. import lifecycle, localtime
from ..accounts import create_user
from ..db import database
from ..hotline.handover import hand_over, record_return
from ..hotline.requests import reserve
from ..intake.receive import receive_devices, received_at
from ..models import Beneficiary, Device, Donation, Donor, Partner, Request, clock_at, now
from ..workshop.checklists import all_ok, record_check
from ..workshop.drives import remove_drive
from ..workshop.erasure import record_erasure
from .defaults import ensure_defaults
from .options import with_database

DEMO_USERS = (
    ("admin", "admin", "admin-demo-2026"),
    ("operateur", "operator", "operateur-demo-2026"),
    ("technicien", "technician", "technicien-demo-2026"),
    ("lecteur", "viewer", "lecteur-demo-2026"),
)

DONORS = (
    # name, kind, siret, town, contact, [(reference, days before today, category, make, model,
    # count)]: every donation within the dashboard's 12 weeks (77 days back at most).
    ("Logis Métropole", "company", "39087712300047", "Lille", "Service achats",
     [("LM-2026-01", 75, "laptop", "Lenovo", "ThinkPad T480", 100)]),
    ("Ville de Villeneuve-d'Ascq", "public_body", "21590009200016", "Villeneuve-d'Ascq",
     "Direction du numérique", [("VDA-PC-12", 66, "desktop", "Dell", "OptiPlex 7050", 20),
                                ("VDA-PC-13", 12, "desktop", "Dell", "OptiPlex 7060", 8)]),
    ("Cabinet Martin & Associés", "company", "", "Roubaix", "Claire Martin",
     [("CMA-1", 45, "laptop", "HP", "EliteBook 840 G5", 12)]),
    ("Les Amis du Numérique", "association", "", "Tourcoing", "Karim B.",
     [("AN-TAB", 31, "tablet", "Samsung", "Galaxy Tab A7", 5)]),
    ("Jeanne Lefebvre", "individual", "", "Lambersart", "",
     [("", 5, "laptop", "Acer", "Aspire 5", 1)]),
)

PARTNERS = (
    ("Entraide Lille Sud", "association", "Lille"),
    ("Lycée Baggio", "school", "Lille"),
    ("Université de Lille", "university", "Villeneuve-d'Ascq"),
    ("France Travail Roubaix", "job_centre", "Roubaix"),
)

FIRST = ("Inès", "Lucas", "Yasmine", "Hugo", "Chloé", "Mamadou", "Léa", "Théo", "Aïcha", "Nathan",
         "Manon", "Samir")
LAST = ("Dubois", "Lefèvre", "Benali", "Moreau", "Diallo", "Petit", "Nguyen", "Roux", "Haddad",
        "Lambert", "Fontaine", "Mercier")
CATEGORIES = ("pupil", "student", "job_seeker", "student", "pupil", "job_seeker")

# How far each donation's devices go, in order: the rest stay received.
PLAN = (("handed_over", .2), ("ready", .15), ("reserved", .05), ("refurbishing", .12),
        ("triage", .12), ("returned", .03), ("recycled", .03), ("parts", .02))
# Each target's steps after the arrival, with the days each takes (drawn between the two).
STEPS = {
    "triage": (("triage", 1, 7),),
    "refurbishing": (("triage", 1, 7), ("refurbishing", 1, 5)),
    "parts": (("triage", 1, 7), ("parts", 1, 6)),
    "recycled": (("triage", 1, 7), ("recycled", 3, 15)),
    "ready": (("triage", 1, 7), ("refurbishing", 1, 5), ("ready", 2, 10)),
}
STEPS["reserved"] = STEPS["ready"] + (("request", 1, 10), ("reserved", 1, 10))
STEPS["handed_over"] = STEPS["ready"] + (("request", 1, 10), ("handed_over", 1, 14))
STEPS["returned"] = STEPS["handed_over"] + (("returned", 10, 30),)
WAITING_REQUESTS = 7  # partners' requests still on the waiting list
WAITING_CATEGORIES = ("laptop", "laptop", "desktop", "tablet")
LOAN_EVERY = 4  # one handover in four is a loan (a school year), the rest are gifts
LOAN_DAYS, OVERDUE_LOAN_DAYS = 300, 28


def has_data():
    return Device.select().exists() or Donor.select().exists()


def _moments(rng, start, end, steps):
    """The moment of each step, in order, squeezed into [start, end] when they run past it."""
    days = [rng.uniform(low, high) for _name, low, high in steps]
    scale = min(1.0, (end - start).total_seconds() / 86400 / sum(days))
    moments, at = [], start
    for day in days:
        at += datetime.timedelta(days=day * scale)
        moments.append(_working_hours(max(at, start)))
    return moments


def _working_hours(moment):
    """The same local day, its 24 hours mapped onto 09:00-17:00 (so the order is kept)."""
    local = localtime.local_datetime(moment)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    worked = midnight + datetime.timedelta(hours=9) + (local - midnight) / 3
    return worked.replace(tzinfo=localtime.zone()).astimezone(localtime.UTC).replace(tzinfo=None)


class Campaign:
    """The demo's records and the steps still to run, each with its moment."""

    def __init__(self, users, partners, beneficiaries):
        self.tech, self.operator = users["technician"], users["operator"]
        self.partners, self.beneficiaries = partners, beneficiaries
        self.steps, self.requests, self.returning = [], {}, set()
        self.made, self.handovers, self.loans = 0, 0, 0

    def plan(self, device, name, moment):
        self.steps.append((moment, len(self.steps), device, name))

    def run(self):
        for moment, _order, device, name in sorted(self.steps, key=lambda step: step[:2]):
            with clock_at(moment):
                self.step(device, name, localtime.local_date(moment))

    def step(self, device, name, day):
        tech = self.tech
        if name == "triage":
            lifecycle.move(device, "triage", tech)
        elif name == "refurbishing":
            lifecycle.move(device, "refurbishing", tech)
        elif name == "parts":
            # Harvested: its drive waits in the drawer for the next erasure session.
            remove_drive(device, tech, device.version, "D%s" % device.asset_tag,
                         drive_type="HDD", location="Tiroir disques à effacer",
                         no_storage_left=True)
            lifecycle.move(device, "parts", tech, note="Carte mère HS")
        elif name == "recycled":
            record_erasure(device, tech, "destroy", "passed", drive_serial="D%s" % device.asset_tag,
                           drive_type="HDD", technique="shredding", tool="broyeur")
            lifecycle.move(device, "recycled", tech, recycler_reference="BSD-2026-0042")
        elif name == "ready":
            record_erasure(device, tech, "purge", "passed", drive_serial="S%s" % device.asset_tag,
                           drive_model="Samsung PM981", drive_type="NVMe", drive_size_gb=256,
                           technique="sanitize", tool="nwipe", tool_version="0.37", passes=1,
                           verification="full")
            record_check(device, tech, all_ok())
            lifecycle.move(device, "ready", tech)
        elif name == "request":
            self.requests[device.id] = self.request(device.category)
        elif name == "reserved":
            reserve(device, self.requests[device.id], self.operator)
        elif name == "handed_over":
            self.hand_over(device, day)
        elif name == "returned":
            record_return(device, self.operator, returned_on=day, reason="faulty",
                          condition="damaged", note="Écran défectueux",
                          accessories_back=["charger"])  # the bag did not come back
        elif name == "waiting":
            self.request(WAITING_CATEGORIES[self.made % len(WAITING_CATEGORIES)],
                         self.beneficiaries[-1 - self.made % 4] if self.made % 2 else None)

    def request(self, category, beneficiary=None):
        partner = self.partners[self.made % len(self.partners)]
        self.made += 1
        return Request.create(partner=partner, beneficiary=beneficiary, category=category,
                              priority=1 if self.made % 5 == 0 else 2, created_by=self.operator)

    def hand_over(self, device, day):
        request = self.requests[device.id]
        beneficiary = self.beneficiaries[self.handovers % len(self.beneficiaries)]
        request.beneficiary = beneficiary
        kind, due_on = "gift", None
        if self.handovers % LOAN_EVERY == 0 and device.id not in self.returning:
            # The first loan, weeks ago, was due back long since: it is overdue.
            kind, due_on = "loan", day + datetime.timedelta(
                days=LOAN_DAYS if self.loans else OVERDUE_LOAN_DAYS)
            self.loans += 1
        self.handovers += 1
        hand_over(device, beneficiary, self.operator, kind=kind, handed_on=day, due_on=due_on,
                  request=request, accessories="charger, bag")


def _people():
    partners = [Partner.create(name=n, kind=k, town=t, contact_name="Référent")
                for n, k, t in PARTNERS]
    beneficiaries = [
        Beneficiary.create(first_name=FIRST[i], last_name=LAST[i], partner=partners[i % 4],
                           category=CATEGORIES[i % len(CATEGORIES)],
                           town=("Lille", "Roubaix", "Tourcoing")[i % 3], is_minor=i % 4 == 1,
                           guardian_name="Parent %s" % LAST[i] if i % 4 == 1 else "")
        for i in range(len(FIRST))]
    return partners, beneficiaries


def _receive(rng, campaign, donor, donation_row, today, end):
    reference, days, category, make, model, n = donation_row
    received_on = today - datetime.timedelta(days=days)
    arrived = received_at(received_on)
    with clock_at(arrived):
        donation = Donation.create(donor=donor, reference=reference, received_on=received_on,
                                   expected_count=n, created_by=campaign.operator)
        devices = receive_devices(donation, n, campaign.operator, category, make, model)
        for device in devices:
            Device.update(serial="%s%07d" % (make[:2].upper(), rng.randrange(10**7)),
                          ram_gb=rng.choice((4, 8, 8, 16)), storage_type="SSD",
                          storage_gb=rng.choice((128, 256, 256, 512)),
                          grade=rng.choice("AABC")).where(Device.id == device.id).execute()
    devices = [Device.get_by_id(d.id) for d in devices]
    start = 0
    for target, share in PLAN:
        size = max(1, round(n * share)) if n >= 10 else (1 if target == "ready" else 0)
        for device in devices[start:start + size]:
            steps = STEPS[target]
            if target == "returned":
                campaign.returning.add(device.id)
            for (name, _low, _high), moment in zip(steps, _moments(rng, arrived, end, steps)):
                campaign.plan(device, name, moment)
        start += size
    return n


def fill():
    """Create the demo dataset; return counts of what was made."""
    rng = random.Random(2021)
    today = localtime.today()
    # The last step a day before now: no local date of the demo is after today.
    end = now() - datetime.timedelta(days=1)
    ensure_defaults()
    with database.atomic():
        users = {role: create_user(name, password, role, name.capitalize())
                 for name, role, password in DEMO_USERS}
        partners, beneficiaries = _people()
        campaign = Campaign(users, partners, beneficiaries)
        count = 0
        rows = sorted(((donor, row) for donor in DONORS for row in donor[5]),
                      key=lambda pair: -pair[1][1])  # the oldest donation first: tags follow
        donors = {}
        for (name, kind, siret, town, contact, _donations), row in rows:
            if name not in donors:
                donors[name] = Donor.create(name=name, kind=kind, siret=siret or None,
                                            town=town, contact_name=contact)
            count += _receive(rng, campaign, donors[name], row, today, end)
        for index in range(WAITING_REQUESTS):
            campaign.plan(None, "waiting", end - datetime.timedelta(days=5 * index + 1))
        campaign.run()
    return {"users": len(users), "donors": len(DONORS), "devices": count,
            "partners": len(partners), "beneficiaries": len(beneficiaries)}


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has devices.")
@with_database
def demo_command(if_empty):
    """Fill the database with the demo dataset: a campaign's last 12 weeks (deterministic)."""
    if has_data():
        if if_empty:
            click.echo("The database already has data: demo data not added.")
            return
        raise click.ClickException("The database already has data; the demo needs an empty one.")
    summary = fill()
    click.echo("Demo data: %s." % ", ".join("%d %s" % (n, what) for what, n in summary.items()))


COMMANDS = (demo_command,)
