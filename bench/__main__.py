"""`make bench`: fill scratch databases, time what people do, print the figures.

Each area has a module here with run() -> [(name, value, unit)]. Figures are
printed, never asserted: targets are in the issues and in the README.
"""
import importlib
import sys
import time

AREAS = ("devices", "intake", "labels", "documents", "logins")


def main(names=None):
    failures = 0
    for name in names or AREAS:
        try:
            module = importlib.import_module("bench.%s" % name)
        except ModuleNotFoundError as error:
            if error.name != "bench.%s" % name:
                raise
            continue
        print("== %s" % name, flush=True)
        started = time.perf_counter()
        try:
            rows = module.run()
        except Exception as error:  # noqa: BLE001 — report and go on with the other areas
            failures += 1
            print("   failed: %r" % error)
            continue
        for label, value, unit in rows:
            print("   %-58s %10s %s" % (label, _format(value), unit), flush=True)
        print("   (%.1f s)" % (time.perf_counter() - started))
    return 1 if failures else 0


def _format(value):
    return "%.2f" % value if isinstance(value, float) else str(value)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
