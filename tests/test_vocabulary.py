"""One vocabulary: every stored value shown to a user has a term, in French and in English."""
import ast
import os

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale
from flask_babel.speaklater import LazyString

from inventory import lifecycle, models, vocabulary
from inventory.cli.defaults import DEFAULT_CHECKLIST
from inventory.config import DEFAULTS
from inventory.dashboard.targets import METRICS
from inventory.devices.edit import EDITABLE
from inventory.documents import issuing
from inventory.documents.pdf.data import ERASURE_STATES
from inventory.hotline.handover import CONDITIONS, RETURN_REASONS
from inventory.hotline.matching import NEEDS
from inventory.hotline.requests import PRIORITIES
from inventory.i18n import CATALOGUES
from inventory.workshop.triage import COMPONENTS, SPEC_FIELDS

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What certificates issued before the progress buckets stored (the public check reads them).
LEGACY_OUTCOMES = ("given", "in_progress", "parts", "recycled")


def event_kinds():
    """Every Event kind the code writes: kind="..." given to Event.create, move, edit_device."""
    found = set()
    for folder, _dirs, files in os.walk(os.path.join(TOP, "inventory")):
        for name in files:
            if not name.endswith(".py") or "migrations" in folder:
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                tree = ast.parse(fh.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    callee = ast.unparse(node.func)
                    if callee in ("Event.create", "lifecycle.move", "move", "edit_device"):
                        found.update(k.value.value for k in node.keywords if k.arg == "kind"
                                     and isinstance(k.value, ast.Constant))
                elif isinstance(node, ast.FunctionDef) and node.name in ("move", "edit_device"):
                    args = node.args.args[-len(node.args.defaults):]
                    found.update(d.value for a, d in zip(args, node.args.defaults)
                                 if a.arg == "kind")
    return found


# Each kind of term and the stored values it must name, read from where they are defined.
VALUE_SETS = [
    ("status", lifecycle.STATES),
    ("category", models.CATEGORIES),
    ("grade", models.GRADES),
    ("storage_type", models.STORAGE_TYPES),
    ("keyboard_layout", models.KEYBOARD_LAYOUTS),
    ("licence", models.OS_LICENCES),
    ("event", event_kinds()),
    ("field", set(EDITABLE) | set(SPEC_FIELDS)),
    ("decision", models.TRIAGE_DECISIONS),
    ("component", COMPONENTS),
    ("method", models.ERASURE_METHODS),
    ("technique", models.ERASURE_TECHNIQUES),
    ("verification", models.VERIFICATIONS),
    ("result", models.RESULTS),
    ("check_state", models.CHECK_STATES),
    ("checklist_item", DEFAULT_CHECKLIST),
    ("donor_kind", models.DONOR_KINDS),
    ("partner_kind", models.PARTNER_KINDS),
    ("beneficiary_category", models.BENEFICIARY_CATEGORIES),
    ("priority", PRIORITIES),
    ("request_status", models.REQUEST_STATUSES),
    ("need", NEEDS),
    ("handover_kind", models.HANDOVER_KINDS),
    ("return_reason", RETURN_REASONS),
    ("condition", CONDITIONS),
    ("language", DEFAULTS["LANGUAGES"]),
    ("role", models.ROLES),
    ("document_kind", (*issuing.KINDS, "receipt")),
    ("metric", METRICS),
    ("bucket", lifecycle.BUCKETS),
    ("outcome_total", LEGACY_OUTCOMES),
    ("drive_total", ERASURE_STATES),
    ("category_total", models.CATEGORIES),
]


@pytest.fixture(scope="module")
def french():
    with open(os.path.join(CATALOGUES, "fr", "LC_MESSAGES", "messages.po"), "rb") as fh:
        return read_po(fh, locale="fr")


def test_the_walk_finds_the_event_kinds_the_history_shows():
    assert {"status", "assignment", "edit", "erasure", "check", "triage", "part",
            "recycling"} <= event_kinds()


def test_every_choice_set_of_the_models_is_named_here():
    sets = [value for name, value in vars(models.base).items()
            if name.isupper() and isinstance(value, tuple)]
    assert sets and all(any(values is known for _kind, known in VALUE_SETS) for values in sets)


@pytest.mark.parametrize("kind, values", VALUE_SETS, ids=[kind for kind, _v in VALUE_SETS])
def test_every_stored_value_has_a_term(kind, values):
    assert sorted(set(values) - set(vocabulary.terms(kind)), key=str) == []


@pytest.mark.parametrize("kind", sorted(vocabulary.TERMS))
def test_every_term_reads_in_french_and_in_english(app, french, kind):
    for value, text in vocabulary.terms(kind).items():
        if isinstance(text, LazyString):
            message = french.get(text._args[0])
            assert message is not None and message.string, (kind, value)
        with app.test_request_context():
            for language in ("fr", "en"):
                with force_locale(language):
                    assert str(vocabulary.term(kind, value)).strip(), (kind, value, language)


@pytest.mark.parametrize("kind, value, french_term, english_term", [
    ("status", "handed_over", "remis", "handed over"),
    ("field", "cpu", "Processeur", "Processor"),
    ("result", "passed", "réussi", "passed"),
    ("keyboard_layout", "azerty", "AZERTY", "AZERTY"),
])
def test_the_filter_gives_the_term_in_the_page_language(app, kind, value, french_term,
                                                         english_term):
    template = app.jinja_env.from_string("{{ value|term(kind) }}")
    with app.test_request_context():
        for language, expected in (("fr", french_term), ("en", english_term)):
            with force_locale(language):
                assert template.render(value=value, kind=kind) == expected


def test_a_value_without_a_term_is_shown_as_stored_and_escaped(app):
    template = app.jinja_env.from_string("{{ value|term('checklist_item') }}")
    with app.test_request_context():
        assert template.render(value="<b>Hinge</b>") == "&lt;b&gt;Hinge&lt;/b&gt;"
