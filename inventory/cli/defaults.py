"""What a new database needs before the first login: a checklist and terms texts."""
from ..db import database
from ..hotline.handover import text_sha256
from ..models import ChecklistVersion, TermsText

# Items of the first checklist; admins change them, which makes a new version.
DEFAULT_CHECKLIST = (
    "screen", "keyboard", "touchpad", "usb_ports", "video_ports", "audio_jack", "wifi", "bluetooth",
    "webcam", "microphone", "speakers", "battery", "charger", "cleaning", "os_installed",
    "firmware_reset", "stickers_removed",
)

DEFAULT_TERMS = {
    ("gift", "fr"): (
        "L'ordinateur est donné gratuitement et définitivement au bénéficiaire, qui en devient "
        "propriétaire. Il est fourni reconditionné, en l'état, sans garantie commerciale.\n\n"
        "Le bénéficiaire s'engage à ne pas le revendre. En cas de panne dans les trois mois, il "
        "peut le rapporter à l'atelier pour un diagnostic."),
    ("loan", "fr"): (
        "L'ordinateur est prêté gratuitement jusqu'à la date de retour indiquée. Il reste la "
        "propriété de l'association.\n\nL'emprunteur en prend soin, ne le prête pas et le rapporte "
        "avec ses accessoires à la date prévue. Toute panne est signalée à l'association."),
    ("sale", "fr"): (
        "L'ordinateur est vendu au prix solidaire indiqué, payé à la remise. Le bénéficiaire en "
        "devient propriétaire.\n\nIl est fourni reconditionné, avec une garantie de six mois "
        "assurée par l'atelier."),
    ("gift", "en"): (
        "The computer is given free of charge and for good to the beneficiary, who becomes its "
        "owner. It is refurbished and given as it is, without commercial warranty.\n\n"
        "The beneficiary agrees not to sell it. If it fails within three months, it can be "
        "brought back to the workshop for a diagnosis."),
    ("loan", "en"): (
        "The computer is lent free of charge until the return date shown. It remains the "
        "property of the association.\n\nThe borrower takes care of it, does not lend it to "
        "anyone and brings it back with its accessories on the date set. Any fault is reported."),
    ("sale", "en"): (
        "The computer is sold at the solidarity price shown, paid on handover. The beneficiary "
        "becomes its owner.\n\nIt is refurbished and comes with a six-month warranty given by "
        "the workshop."),
}


def ensure_defaults():
    """Create the first checklist and terms when there are none; change nothing else."""
    with database.atomic():
        if ChecklistVersion.current() is None:
            ChecklistVersion.create(version=1, items=list(DEFAULT_CHECKLIST))
        for (kind, language), body in DEFAULT_TERMS.items():
            exists = TermsText.select().where(
                (TermsText.kind == kind) & (TermsText.language == language)).exists()
            if not exists:
                TermsText.create(kind=kind, language=language, version=1, body=body,
                                 sha256=text_sha256(body))
