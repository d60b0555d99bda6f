"""Intake benchmark: `run()` returns (name, figure, unit) rows for `make bench`.

Targets (issue "intake"): importing a 10,000-row CSV (read, check every row,
commit) in 3 s or less; receiving 1,000 devices at once in 1 s or less.
Each is timed three times on a scratch database that already holds 20,000
devices (so the known-serial check has work to do); the median is reported.

The scratch database is bench.scratch's: a temporary SQLite file, or the
PostgreSQL database named by DATABASE_URL (emptied first).
"""
import datetime
import statistics
import time

ROWS = 10_000
RECEIVE = 1_000
EXISTING = 20_000
RUNS = 3
HEADER = ("N° de série;Marque;Modèle;Catégorie;Processeur;Mémoire;Disque;Écran;"
          "N° d'inventaire;Remarques")


def spreadsheet(run, rows=ROWS):
    """A French Excel export: semicolons, Windows-1252, decimal commas."""
    lines = [HEADER]
    for n in range(rows):
        lines.append("R%d-%07d;HP;EliteBook 840 G5;Ordinateur portable;Intel Core i5-8350U;"
                     "8 Go;256 Go SSD;14,0;IMMO-%d;Clavier AZERTY, batterie à changer"
                     % (run, n, n))
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def _seed(count):
    from inventory.db import bulk_insert, database
    from inventory.models import Device, Donation, Donor, now
    with database.atomic():
        donor = Donor.create(name="Bench SA", kind="company")
        donation = Donation.create(donor=donor, received_on=datetime.date.today())
        at = now()
        bulk_insert(Device, ("asset_tag", "donation", "serial", "make", "model", "received_at",
                             "status_changed_at", "created_at"),
                    [("BN-%06d" % n, donation.id, "OLD%07d" % n, "Dell", "Latitude", at, at, at)
                     for n in range(count)])
    return donor


def _median_seconds(action, runs=RUNS):
    times = []
    for run in range(runs):
        started = time.perf_counter()
        action(run)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(app):
    from inventory.intake import donors, importing
    from inventory.db import connected
    from inventory.models import Donation

    with app.test_request_context(), connected():
        donor = _seed(EXISTING)
        donations = [Donation.create(donor=donor, received_on=datetime.date.today())
                     for _ in range(RUNS * 2)]
        files = [spreadsheet(run) for run in range(RUNS)]

        def import_file(run):
            # What `inventory import` does: keep the file, preview it, commit.
            kept = importing.start(donations[run], "parc.csv", files[run], None)
            checked = importing.preview(kept)
            outcome = importing.commit(kept, None, checked=checked)
            assert outcome.added == ROWS, outcome

        def receive(run):
            devices = donors.receive(donations[RUNS + run], RECEIVE, None, seen=0)
            assert len(devices) == RECEIVE

        return [
            ("import a %s-row CSV (target <= 3 s)" % format(ROWS, ","),
             _median_seconds(import_file), "s"),
            ("receive %s devices at once (target <= 1 s)" % format(RECEIVE, ","),
             _median_seconds(receive), "s"),
        ]


def run():
    from .scratch import backend, scratch_app
    return [("%s, %s" % (name, backend()), value, unit)
            for name, value, unit in measure(scratch_app())]


if __name__ == "__main__":
    for name, value, unit in run():
        print("%-60s %10.2f %s" % (name, value, unit))
