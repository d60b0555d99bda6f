"""French and English wording of the documents, and French/European number formats.

Printed documents are legal records issued in a chosen language, independent of
the web request's locale, so their wording lives here rather than in gettext.
"""
from decimal import ROUND_HALF_UP, Decimal

# The languages documents are printed in (receipts, certificates, their terms).
LANGUAGES = ("fr", "en")

NBSP = "\u00a0"

WORDS = {
    # common
    "page": ("page %(page)d / %(pages)d", "page %(page)d / %(pages)d"),
    "verify_footer": ("Vérification : %(url)s", "Verification: %(url)s"),
    "scan_to_verify": ("Scannez pour vérifier l'authenticité de ce document.",
                       "Scan to check that this document is genuine."),
    "number": ("N° %(number)s", "No. %(number)s"),
    "dated": ("Date : %(date)s", "Date: %(date)s"),
    "siret": ("SIRET : %(siret)s", "SIRET: %(siret)s"),
    "none": ("Aucun", "None"),
    "name": ("Nom", "Name"),
    "title": ("Fonction", "Title"),
    "date": ("Date", "Date"),
    "signature": ("Signature", "Signature"),
    "for_org": ("Pour %(org)s", "For %(org)s"),
    "donor": ("Donateur", "Donor"),
    "address": ("Adresse", "Address"),
    "donation_reference": ("Référence du don", "Donation reference"),
    "received_on": ("Reçu le", "Received on"),
    "devices_received": ("Appareils reçus", "Devices received"),
    "asset_tag": ("N° d'inventaire", "Asset tag"),
    "category": ("Catégorie", "Category"),
    "make": ("Marque", "Make"),
    "model": ("Modèle", "Model"),
    "make_model": ("Marque / modèle", "Make / model"),
    "serial": ("N° de série", "Serial number"),
    "count": ("Nombre", "Count"),
    "total": ("Total", "Total"),
    "by_category": ("Par catégorie", "By category"),
    "storage_media": ("Supports de stockage", "Storage media"),
    # receipt
    "receipt_title": ("Reçu de remise de matériel", "Equipment handover receipt"),
    "beneficiary": ("Bénéficiaire", "Beneficiary"),
    "town": ("Commune", "Town"),
    "legal_representative": ("Représentant légal (bénéficiaire mineur)",
                             "Legal representative (beneficiary under 18)"),
    "partner": ("Organisme prescripteur", "Referring organisation"),
    "equipment": ("Matériel remis", "Equipment handed over"),
    "cpu": ("Processeur", "Processor"),
    "ram": ("Mémoire vive", "Memory"),
    "storage": ("Stockage", "Storage"),
    "screen": ("Écran", "Screen"),
    "grade": ("État (grade)", "Grade"),
    "os": ("Système installé", "Operating system"),
    "gigabytes": ("%(size)s Go", "%(size)s GB"),
    "inches": ("%(size)s pouces", "%(size)s in"),
    "date_and_signature": ("Date et signature", "Date and signature"),
    "accessories": ("Accessoires", "Accessories"),
    "handover_terms": ("Modalités de la remise", "Terms of the handover"),
    "kind_gift": ("Don : le matériel devient la propriété du bénéficiaire.",
                  "Gift: the equipment becomes the beneficiary's property."),
    "kind_loan": ("Prêt : le matériel reste la propriété de %(org)s et doit lui être rendu "
                  "au plus tard le %(date)s.",
                  "Loan: the equipment remains the property of %(org)s and must be returned "
                  "by %(date)s at the latest."),
    "kind_sale": ("Vente solidaire au prix de %(price)s TTC, payé à la remise.",
                  "Solidarity sale at the price of %(price)s including VAT, paid at handover."),
    "terms_reference": ("Conditions générales, version %(version)s (empreinte SHA-256 : %(sha)s)",
                        "General terms, version %(version)s (SHA-256 fingerprint: %(sha)s)"),
    "privacy_title": ("Protection des données personnelles", "Personal data"),
    "privacy_text": (
        "%(org)s enregistre uniquement les nom, prénom, commune et catégorie du bénéficiaire, "
        "l'organisme prescripteur, le représentant légal le cas échéant, et le matériel remis, "
        "afin de suivre cette remise. Ces données sont conservées %(months)d mois après la "
        "remise (ou le retour du matériel prêté), puis effacées. Pour les consulter, les "
        "corriger, en obtenir une copie ou demander leur effacement, adressez-vous à "
        "%(contact)s.",
        "%(org)s records only the beneficiary's first and last name, town and category, the "
        "referring organisation, the legal representative where there is one, and the "
        "equipment handed over, in order to follow up this handover. These data are kept for "
        "%(months)d months after the handover (or the return of lent equipment), then erased. "
        "To see them, correct them, get a copy or have them erased, contact %(contact)s."),
    "acknowledgement": ("Je reconnais avoir reçu le matériel et les accessoires décrits "
                        "ci-dessus et accepter les conditions de ce reçu.",
                        "I acknowledge receipt of the equipment and accessories described above "
                        "and accept the terms of this receipt."),
    "signed_beneficiary": ("Le bénéficiaire", "The beneficiary"),
    "signed_representative": ("Le représentant légal", "The legal representative"),
    # donor certificate
    "donor_title": ("Certificat de don et de devenir du matériel",
                    "Certificate of donation and outcome"),
    "donor_intro": ("%(org)s certifie avoir reçu de %(donor)s le matériel ci-dessous et en "
                    "indique le devenir à la date du %(date)s.",
                    "%(org)s certifies that it received the equipment below from %(donor)s and "
                    "states what became of it as of %(date)s."),
    "donor_tag": ("Réf. donateur", "Donor tag"),
    "outcome": ("Devenir", "Outcome"),
    "erasure": ("Effacement", "Erasure"),
    "totals_by_outcome": ("Totaux par devenir", "Totals by outcome"),
    "impact_title": ("Impact environnemental estimé", "Estimated environmental impact"),
    "impact_text": ("%(count)d appareil(s) réemployé(s) : environ %(co2)s kg CO2e d'émissions et "
                    "%(mass)s kg de déchets électroniques évités.",
                    "%(count)d device(s) reused: about %(co2)s kg CO2e of emissions and "
                    "%(mass)s kg of electronic waste avoided."),
    "impact_source": ("Source : %(source)s", "Source: %(source)s"),
    "impact_factors": ("Par appareil réemployé : %(factors)s.", "Per reused device: %(factors)s."),
    "list_separator": (NBSP + "; ", "; "),
    "impact_factor": ("%(category)s %(co2)s kg CO2e et %(mass)s kg",
                      "%(category)s %(co2)s kg CO2e and %(mass)s kg"),
    "no_recipient_note": ("Par respect de leur vie privée, les bénéficiaires ne sont désignés que "
                          "par leur catégorie et leur commune.",
                          "To protect their privacy, beneficiaries are identified only by their "
                          "category and town."),
    # erasure certificate
    "erasure_title": ("Certificat d'effacement des données", "Certificate of data sanitization"),
    "partial_banner": ("CERTIFICAT PARTIEL : %(count)d support(s) ou appareil(s) restent en "
                       "attente ou en échec. Seules les lignes marquées effacées, détruites ou "
                       "sans stockage sont certifiées.",
                       "PARTIAL CERTIFICATE: %(count)d drive(s) or device(s) are still pending "
                       "or failed. Only the rows marked erased, destroyed or without storage are "
                       "certified."),
    "complete_banner": ("Tous les supports de stockage du don ont été effacés ou détruits.",
                        "Every storage medium of the donation has been sanitized or destroyed."),
    "erasure_standard": ("Méthodes selon les catégories de la norme NIST SP 800-88 Rév. 1 "
                         "(Clear, Purge, Destroy).",
                         "Methods follow the categories of NIST SP 800-88 Rev. 1 "
                         "(Clear, Purge, Destroy)."),
    "data_owner": ("Donateur (propriétaire des données)", "Donor (owner of the data)"),
    "sanitizer": ("Reconditionneur (a réalisé l'effacement)",
                  "Refurbisher (performed the sanitization)"),
    "location": ("Lieu", "Location"),
    "erasure_summary": ("%(done)d support(s) effacé(s), %(destroyed)d détruit(s), %(none)d "
                        "appareil(s) sans stockage, %(pending)d en attente, %(failed)d en échec.",
                        "%(done)d drive(s) sanitized, %(destroyed)d destroyed, %(none)d device(s) "
                        "without storage, %(pending)d pending, %(failed)d failed."),
    "erasure_exception": ("Dérogation (support flash réécrit seulement, au lieu de Purge selon "
                          "NIST SP 800-88) : %(reason)s — accordée par %(admin)s le %(date)s.",
                          "Exception (flash drive only overwritten, instead of Purge per "
                          "NIST SP 800-88): %(reason)s — granted by %(admin)s on %(date)s."),
    "device": ("Appareil", "Device"),
    "drive_serial": ("N° série support", "Drive serial"),
    "drive_type": ("Type", "Type"),
    "method": ("Méthode", "Method"),
    "technique": ("Technique", "Technique"),
    "tool": ("Outil (version)", "Tool (version)"),
    "verification": ("Vérification", "Verification"),
    "result": ("Résultat", "Result"),
    "technician": ("Technicien", "Technician"),
    "manager": ("Responsable", "Manager"),
    # intake attestation
    "intake_title": ("Attestation de prise en charge", "Intake attestation"),
    "intake_intro": ("%(org)s atteste avoir pris en charge le %(date)s, auprès de %(donor)s, "
                     "le matériel suivant, soit %(count)d appareil(s) :",
                     "%(org)s attests that on %(date)s it took charge of the following equipment "
                     "from %(donor)s, %(count)d device(s) in all:"),
    "no_value": ("Ce document ne mentionne aucune valeur monétaire : ce n'est pas un reçu fiscal.",
                 "This document states no monetary value: it is not a tax receipt."),
    "for_donor": ("Pour le donateur", "For the donor"),
}

CODES = {
    # device categories
    "laptop": ("Ordinateur portable", "Laptop"),
    "desktop": ("Ordinateur fixe", "Desktop"),
    "tablet": ("Tablette", "Tablet"),
    "monitor": ("Écran", "Monitor"),
    "other": ("Autre", "Other"),
    # beneficiary categories
    "pupil": ("Élève", "Pupil"),
    "student": ("Étudiant·e", "Student"),
    "job_seeker": ("Demandeur·se d'emploi", "Job seeker"),
    # outcomes: the progress buckets of inventory.lifecycle, worded as the pages word them
    "received": ("Reçu, en attente", "Received, waiting"),
    "refurbishing": ("En reconditionnement", "In refurbishment"),
    "ready": ("Prêt à donner", "Ready to give"),
    "given": ("Remis", "Given or lent"),
    "recycled": ("Recyclé ou pièces", "Recycled or parts"),
    # erasure summaries and states
    "clear_verified": ("Clear — vérifié", "Clear — verified"),
    "purge_verified": ("Purge — vérifié", "Purge — verified"),
    "destroyed": ("Détruit", "Destroyed"),
    "no_storage": ("Sans stockage", "No storage"),
    "pending": ("En attente", "Pending"),
    "failed": ("Échec", "Failed"),
    "done": ("Réussi", "Passed"),
    # erasure methods (NIST SP 800-88 names kept as printed in the standard)
    "clear": ("Clear", "Clear"),
    "purge": ("Purge", "Purge"),
    "destroy": ("Destroy", "Destroy"),
    # techniques
    "overwrite": ("Réécriture", "Overwrite"),
    "block_erase": ("Effacement par blocs", "Block erase"),
    "crypto_erase": ("Effacement cryptographique", "Cryptographic erase"),
    "sanitize": ("Commande Sanitize", "Sanitize command"),
    "shredding": ("Broyage", "Shredding"),
    "drilling": ("Perçage", "Drilling"),
    # verifications
    "none": ("Aucune", "None"),
    "sample": ("Par échantillon", "Sampling"),
    "full": ("Complète", "Full"),
}


def language(lang):
    """Return the index of a supported language, French for anything else."""
    return 1 if lang == "en" else 0


def word(lang, key, **values):
    """Return the wording of key in lang, filled with values."""
    text = WORDS[key][language(lang)]
    return text % values if values else text


def code(lang, value):
    """Return the wording of a stored code, or the code itself when unknown."""
    pair = CODES.get(value)
    return pair[language(lang)] if pair else (value or "")


def format_date(value):
    """Return dd/mm/yyyy, or an empty string for no date."""
    return value.strftime("%d/%m/%Y") if value else ""


def format_number(value, lang="fr", places=0):
    """Return value with French (1 234,5) or English (1,234.5) separators."""
    quantum = Decimal(1).scaleb(-places)
    rounded = Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)
    text = "{:,.{}f}".format(rounded, places)
    if language(lang) == 0:
        text = text.replace(",", NBSP).replace(".", ",")
    return text


def format_euros(value, lang="fr"):
    """Return an amount in euros: "150,00 €" in French, "€150.00" in English."""
    amount = format_number(value, lang, places=2)
    return amount + NBSP + "€" if language(lang) == 0 else "€" + amount


def colon(lang, label):
    """Return label followed by a colon, spaced the French way in French."""
    return label + ":" if language(lang) == 1 else label + NBSP + ":"
