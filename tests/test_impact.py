"""Impact of reuse: the cited factors, a deployment's own factors, and bad settings refused."""
import datetime
from decimal import Decimal

import pytest

from inventory.documents import issuing as certificates
from inventory import create_app
from inventory.config import ConfigError, from_environment
from inventory.documents.pdf import render_donor_certificate
from inventory.documents.impact import (DEFAULT_FACTORS, DEFAULT_IMPACT, ImpactFactor, ImpactSettingsError,
                              estimate_impact, factors_from_settings)

from .factories import known_donation
from .pdftext import flat
from .test_documents import SMALL_DONATION, device, donor_certificate

# The figures as published (see the comment in inventory/impact.py): ADEME & Arcep 2022
# manufacture + distribution in kg CO2e; UNU-KEY average weights in kg.
CITED = [
    ("laptop", "170.3", "12.3", "1.12"),   # UNU-KEY 0303, France 2016
    ("desktop", "202.6", "1.8", "8.77"),   # UNU-KEY 0302
    ("monitor", "64.6", "1.3", "5.5"),     # UNU-KEY 0309
    ("tablet", "56.3", "3.4", "1.12"),     # UNU-KEY 0303 covers tablets too
]


@pytest.mark.parametrize("category,manufacture,distribution,mass", CITED)
def test_built_in_factors_are_the_published_figures(category, manufacture, distribution, mass):
    factor = DEFAULT_FACTORS[category]
    assert factor.co2e_kg == Decimal(manufacture) + Decimal(distribution)
    assert factor.mass_kg == Decimal(mass)


def test_an_unknown_device_counts_but_claims_nothing():
    impact = estimate_impact(["laptop", "other", "laptop", "scanner"])
    assert impact.devices == 4
    assert impact.co2e_kg == Decimal("365.2") and impact.mass_kg == Decimal("2.24")


def test_the_citation_names_both_sources_in_each_language():
    assert "ADEME & Arcep" in DEFAULT_IMPACT.source_in("fr")
    assert "UNU-KEY 0302, 0303, 0309" in DEFAULT_IMPACT.source_in("fr")
    assert "Statistics Netherlands" in DEFAULT_IMPACT.source_in("en")
    assert DEFAULT_IMPACT.source_in("de") == DEFAULT_IMPACT.source_in("fr")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_whole_citation_is_printed(lang):
    text = flat(render_donor_certificate(donor_certificate(SMALL_DONATION), lang=lang))
    assert " ".join(DEFAULT_IMPACT.source_in(lang).split()) in text


def test_a_deployment_replaces_some_factors_and_keeps_the_others():
    impact = factors_from_settings({"laptop": {"co2e_kg": "250", "mass_kg": "1,9"}},
                                   "Pesées de l'atelier, 2026")
    assert impact.for_category("laptop") == ImpactFactor(Decimal("250"), Decimal("1.9"))
    assert impact.for_category("desktop") == DEFAULT_FACTORS["desktop"]
    assert impact.source_in("en") == "Pesées de l'atelier, 2026"


def test_no_settings_means_the_cited_factors():
    assert factors_from_settings({}, "") is DEFAULT_IMPACT
    assert factors_from_settings(None, None) is DEFAULT_IMPACT


BAD_SETTINGS = [
    ({"phone": {"co2e_kg": 1, "mass_kg": 1}}, "x", "unknown device category 'phone'"),
    ({"laptop": {"co2e_kg": 1}}, "x", "exactly co2e_kg and mass_kg"),
    ({"laptop": {"co2e_kg": 1, "mass_kg": 1, "water_l": 3}}, "x", "exactly co2e_kg and mass_kg"),
    ({"laptop": 180}, "x", "exactly co2e_kg and mass_kg"),
    ({"laptop": {"co2e_kg": "beaucoup", "mass_kg": 1}}, "x", "must be a number of kilograms"),
    ({"laptop": {"co2e_kg": -5, "mass_kg": 1}}, "x", "must be a number of kilograms"),
    ({"laptop": {"co2e_kg": "NaN", "mass_kg": 1}}, "x", "must be a number of kilograms"),
    ({"laptop": {"co2e_kg": 1, "mass_kg": "Infinity"}}, "x", "must be a number of kilograms"),
    ([("laptop", 1)], "x", "must map a device category"),
    ({"laptop": {"co2e_kg": 1, "mass_kg": 1}}, "", "set IMPACT_SOURCE too"),
    ({"laptop": {"co2e_kg": 1, "mass_kg": 1}}, {"en": "only English"}, "IMPACT_SOURCE must be"),
    ({}, {"fr": "  "}, "IMPACT_SOURCE must be"),
    ({}, 42, "IMPACT_SOURCE must be"),
    ({}, "x" * 1001, "longer than 1000 characters"),
]


@pytest.mark.parametrize("table,source,message", BAD_SETTINGS)
def test_unclear_settings_are_refused_with_the_reason(table, source, message):
    with pytest.raises(ImpactSettingsError) as refused:
        factors_from_settings(table, source)
    assert message in str(refused.value)


def test_the_app_does_not_start_with_unclear_impact_settings(tmp_path):
    with pytest.raises(ConfigError) as refused:
        create_app({"TESTING": True, "DATABASE_URL": "sqlite:///%s" % (tmp_path / "x.db"),
                    "IMPACT_FACTORS": {"laptop": {"co2e_kg": -1, "mass_kg": 2}},
                    "IMPACT_SOURCE": "x"})
    assert "IMPACT_FACTORS['laptop']['co2e_kg']" in str(refused.value)


def test_impact_settings_come_from_the_environment_as_json():
    found = from_environment({
        "INVENTORY_IMPACT_FACTORS": '{"desktop": {"co2e_kg": 300, "mass_kg": 9.5}}',
        "INVENTORY_IMPACT_SOURCE": "Bilan 2026",
        "INVENTORY_SALE_CAPS": '{"laptop": 150}',
    })
    assert found == {"IMPACT_FACTORS": {"desktop": {"co2e_kg": 300, "mass_kg": 9.5}},
                     "IMPACT_SOURCE": "Bilan 2026", "SALE_CAPS": {"laptop": 150}}


@pytest.mark.parametrize("raw", ["{laptop: 1}", "[1, 2]", ""])
def test_a_table_setting_that_is_not_a_json_object_is_refused(raw):
    with pytest.raises(ConfigError) as refused:
        from_environment({"INVENTORY_IMPACT_FACTORS": raw})
    assert "INVENTORY_IMPACT_FACTORS must be a JSON object" in str(refused.value)


# -- a deployment's own factors on an issued certificate -------------------------------------

@pytest.fixture
def app_config(app_config):
    return {**app_config,
            "IMPACT_FACTORS": {"laptop": {"co2e_kg": 300, "mass_kg": "2.5"}},
            "IMPACT_SOURCE": {"fr": "Pesées <atelier> 2026", "en": "Workshop <scales> 2026"}}


@pytest.mark.parametrize("lang,expected", [
    ("fr", ["environ 900 kg CO2e", "8 kg de déchets", "Source : Pesées <atelier> 2026"]),
    ("en", ["about 900 kg CO2e", "8 kg of electronic waste", "Source: Workshop <scales> 2026"]),
])
def test_a_certificate_prints_the_deployments_factors_and_citation(db, make, lang, expected):
    known = known_donation(make)  # three laptops given
    document = certificates.issue("donor_certificate", known.donation, None,
                                  today=datetime.date(2026, 3, 5), lang=lang)
    text = flat(document.pdf)
    for phrase in expected:
        assert phrase in text
    assert "ADEME" not in text
    assert document.facts["impact"] == {"co2e_kg": "900", "mass_kg": "7.5"}


def test_the_certificate_shows_the_factor_behind_each_category_counted():
    text = flat(render_donor_certificate(donor_certificate(SMALL_DONATION)))
    assert ("Par appareil réemployé : Ordinateur fixe 204,4 kg CO2e et 8,77 kg ; "
            "Ordinateur portable 182,6 kg CO2e et 1,12 kg." in text)
    english = flat(render_donor_certificate(donor_certificate(SMALL_DONATION), lang="en"))
    assert ("Per reused device: Desktop 204.4 kg CO2e and 8.77 kg; "
            "Laptop 182.6 kg CO2e and 1.12 kg." in english)


def test_no_factor_line_when_nothing_counted_has_a_factor():
    other = [device(1, category="other"), device(2, outcome="recycled")]
    text = flat(render_donor_certificate(donor_certificate(other)))
    assert "1 appareil(s) réemployé(s) : environ 0 kg CO2e" in text
    assert "Par appareil réemployé" not in text
