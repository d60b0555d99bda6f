"""The demo dataset: deterministic, spread over every status, one user per role."""
import datetime
import random

import click

from .. import lifecycle
from ..accounts import create_user
from ..db import database
from ..hotline.handover import hand_over, record_return
from ..hotline.requests import reserve
from ..intake.receive import receive_devices
from ..models import Beneficiary, Device, Donation, Donor, Partner, Request
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
    # name, kind, siret, town, contact, [(reference, days ago, category, make, model, count)]
    ("Logis Métropole", "company", "39087712300047", "Lille", "Service achats",
     [("LM-2026-01", 60, "laptop", "Lenovo", "ThinkPad T480", 100)]),
    ("Ville de Villeneuve-d'Ascq", "public_body", "21590009200016", "Villeneuve-d'Ascq",
     "Direction du numérique", [("VDA-PC-12", 45, "desktop", "Dell", "OptiPlex 7050", 20)]),
    ("Cabinet Martin & Associés", "company", "", "Roubaix", "Claire Martin",
     [("CMA-1", 30, "laptop", "HP", "EliteBook 840 G5", 12)]),
    ("Les Amis du Numérique", "association", "", "Tourcoing", "Karim B.",
     [("AN-TAB", 20, "tablet", "Samsung", "Galaxy Tab A7", 5)]),
    ("Jeanne Lefebvre", "individual", "", "Lambersart", "",
     [("", 10, "laptop", "Acer", "Aspire 5", 1)]),
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


def has_data():
    return Device.select().exists() or Donor.select().exists()


def _make_ready(device, user):
    lifecycle.move(device, "triage", user)
    lifecycle.move(device, "refurbishing", user)
    record_erasure(device, user, "purge", "passed", drive_serial="S%s" % device.asset_tag,
                   drive_model="Samsung PM981", drive_type="NVMe", drive_size_gb=256,
                   technique="sanitize", tool="nwipe", tool_version="0.37", passes=1,
                   verification="full")
    record_check(device, user, all_ok())
    lifecycle.move(device, "ready", user)


def _advance(device, target, ctx):
    tech, operator = ctx["tech"], ctx["operator"]
    if target == "triage":
        lifecycle.move(device, "triage", tech)
    elif target == "refurbishing":
        lifecycle.move(device, "triage", tech)
        lifecycle.move(device, "refurbishing", tech)
    elif target == "parts":
        lifecycle.move(device, "triage", tech)
        # Harvested: its drive waits in the drawer for the next erasure session.
        remove_drive(device, tech, device.version, "D%s" % device.asset_tag, drive_type="HDD",
                     location="Tiroir disques à effacer", no_storage_left=True)
        lifecycle.move(device, "parts", tech, note="Carte mère HS")
    elif target == "recycled":
        lifecycle.move(device, "triage", tech)
        record_erasure(device, tech, "destroy", "passed", drive_serial="D%s" % device.asset_tag,
                       drive_type="HDD", technique="shredding", tool="broyeur")
        lifecycle.move(device, "recycled", tech, recycler_reference="BSD-2026-0042")
    else:
        _make_ready(device, tech)
        if target == "reserved":
            request = _request(ctx, device)
            reserve(device, request, operator)
        elif target in ("handed_over", "returned"):
            request = _request(ctx, device)
            beneficiary = ctx["beneficiaries"][ctx["next"] % len(ctx["beneficiaries"])]
            ctx["next"] += 1
            request.beneficiary = beneficiary
            hand_over(device, beneficiary, operator, kind="gift", request=request,
                      accessories="chargeur")
            if target == "returned":
                record_return(device, operator, reason="faulty", condition="damaged",
                              note="Écran défectueux")


def _request(ctx, device):
    partner = ctx["partners"][ctx["next"] % len(ctx["partners"])]
    return Request.create(partner=partner, category=device.category, priority=2,
                          created_by=ctx["operator"])


def fill():
    """Create the demo dataset; return counts of what was made."""
    rng = random.Random(2021)
    today = datetime.date.today()
    ensure_defaults()
    with database.atomic():
        users = {role: create_user(name, password, role, name.capitalize())
                 for name, role, password in DEMO_USERS}
        partners = [Partner.create(name=n, kind=k, town=t, contact_name="Référent")
                    for n, k, t in PARTNERS]
        beneficiaries = [
            Beneficiary.create(first_name=FIRST[i], last_name=LAST[i], partner=partners[i % 4],
                               category=CATEGORIES[i % len(CATEGORIES)],
                               town=("Lille", "Roubaix", "Tourcoing")[i % 3], is_minor=i % 4 == 1,
                               guardian_name="Parent %s" % LAST[i] if i % 4 == 1 else "")
            for i in range(len(FIRST))]
        ctx = {"tech": users["technician"], "operator": users["operator"], "partners": partners,
               "beneficiaries": beneficiaries, "next": 0}
        count = 0
        for name, kind, siret, town, contact, donations in DONORS:
            donor = Donor.create(name=name, kind=kind, siret=siret or None, town=town,
                                 contact_name=contact)
            for reference, days, category, make, model, n in donations:
                donation = Donation.create(donor=donor, reference=reference,
                                           received_on=today - datetime.timedelta(days=days),
                                           expected_count=n, created_by=users["operator"])
                devices = receive_devices(donation, n, users["operator"], category, make, model)
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
                        _advance(device, target, ctx)
                    start += size
                count += n
    return {"users": len(users), "donors": len(DONORS), "devices": count,
            "partners": len(partners), "beneficiaries": len(beneficiaries)}


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database has devices.")
@with_database
def demo_command(if_empty):
    """Fill the database with the demo dataset (deterministic)."""
    if has_data():
        if if_empty:
            click.echo("The database already has data: demo data not added.")
            return
        raise click.ClickException("The database already has data; the demo needs an empty one.")
    summary = fill()
    click.echo("Demo data: %s." % ", ".join("%d %s" % (n, what) for what, n in summary.items()))


COMMANDS = (demo_command,)
