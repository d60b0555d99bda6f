"""Environmental impact of reused devices: per-category factors and their totals."""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from types import MappingProxyType
from typing import Iterable, Mapping


@dataclass(frozen=True)
class ImpactFactor:
    """What reusing one device of a category avoids."""

    co2e_kg: Decimal
    mass_kg: Decimal


# Carbon: manufacturing + distribution ("fabrication" + "assemblage et
# distribution") footprint of one new device, from ADEME & Arcep, "Évaluation de
# l'impact environnemental du numérique en France et analyse prospective", 2022
# (volet 2), as published by ADEME's Impact CO2 service (impactco2.fr,
# data file numerique.json): laptop 170.3 + 12.3, professional desktop without
# screen 202.6 + 1.8, 24" monitor 64.6 + 1.3, tablet 56.3 + 3.4 kg CO2e.
# Reusing a device is counted as avoiding the manufacture of a new one.
#
# Mass: ADEME publishes no weight per device, so the e-waste avoided uses the
# average weights per UNU-KEY of the EU's common methodology for WEEE
# (Directive 2012/19/EU, art. 7), as published by Statistics Netherlands and
# UNU in the "Waste over Time" data set (github.com/Statistics-Netherlands/
# ewaste, data/htbl_Key_Weight.csv): 0302 desktop PCs without monitor 8.77 kg,
# 0309 flat-panel monitors 5.5 kg (EU values, unchanged 2011-2021), 0303
# laptops including tablets 1.12 kg (France, 2016, the latest per-country year).
# UNU-KEY 0303 does not separate laptops from tablets, so both use that figure:
# a laptop weighs more and a tablet less; for a stock of mostly laptops the
# total is an underestimate, which is the safe side for a certificate.
# "other" is deliberately zero: no published figure fits an unknown device.
DEFAULT_FACTORS = MappingProxyType({
    "laptop": ImpactFactor(co2e_kg=Decimal("182.6"), mass_kg=Decimal("1.12")),
    "desktop": ImpactFactor(co2e_kg=Decimal("204.4"), mass_kg=Decimal("8.77")),
    "monitor": ImpactFactor(co2e_kg=Decimal("65.9"), mass_kg=Decimal("5.5")),
    "tablet": ImpactFactor(co2e_kg=Decimal("59.7"), mass_kg=Decimal("1.12")),
    "other": ImpactFactor(co2e_kg=Decimal("0"), mass_kg=Decimal("0")),
})

# A citation is printed whole; longer than this is not a citation any more.
SOURCE_LIMIT = 1000

DEFAULT_SOURCE = MappingProxyType({
    "fr": "CO2e : ADEME & Arcep, « Évaluation de l'impact environnemental du numérique en "
          "France et analyse prospective », 2022 (fabrication et distribution d'un équipement "
          "neuf, via ADEME Impact CO2). Masse : poids moyens par clé UNU (UNU-KEY 0302, 0303, "
          "0309) de la méthode commune européenne des DEEE (directive 2012/19/UE, art. 7), "
          "publiés par Statistics Netherlands et l'Université des Nations unies.",
    "en": "CO2e: ADEME & Arcep, \"Évaluation de l'impact environnemental du numérique en France "
          "et analyse prospective\", 2022 (manufacture and distribution of a new device, via "
          "ADEME Impact CO2). Mass: average weights per UNU-KEY (0302, 0303, 0309) of the EU "
          "common methodology for WEEE (Directive 2012/19/EU, art. 7), published by Statistics "
          "Netherlands and the United Nations University.",
})


@dataclass(frozen=True)
class ImpactFactors:
    """A factor per device category and the citation printed under the figures.

    source is one text, or a text per language ("fr", "en").
    """

    factors: Mapping[str, ImpactFactor] = field(default_factory=lambda: DEFAULT_FACTORS)
    source: object = field(default_factory=lambda: DEFAULT_SOURCE)

    def for_category(self, category):
        """Return the factor of a category, or zero for a category without one."""
        return self.factors.get(category) or ImpactFactor(Decimal("0"), Decimal("0"))

    def source_in(self, lang):
        """Return the citation in a language, falling back to French."""
        if isinstance(self.source, str):
            return self.source
        return self.source.get(lang) or self.source.get("fr") or ""


DEFAULT_IMPACT = ImpactFactors()


@dataclass(frozen=True)
class Impact:
    """Totals avoided by a set of reused devices."""

    devices: int
    co2e_kg: Decimal
    mass_kg: Decimal


def estimate_impact(categories: Iterable[str], factors: ImpactFactors = DEFAULT_IMPACT) -> Impact:
    """Add up the impact avoided by reusing one device of each given category."""
    count, co2e, mass = 0, Decimal("0"), Decimal("0")
    for category in categories:
        factor = factors.for_category(category)
        count += 1
        co2e += factor.co2e_kg
        mass += factor.mass_kg
    return Impact(devices=count, co2e_kg=co2e, mass_kg=mass)


class ImpactSettingsError(ValueError):
    """IMPACT_FACTORS or IMPACT_SOURCE cannot be used; the message says where."""


def _amount(category, name, raw):
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        value = None
    if value is None or not value.is_finite() or value < 0 or value > 100000:
        raise ImpactSettingsError(
            "IMPACT_FACTORS[%r][%r] must be a number of kilograms between 0 and 100000, "
            "not %r." % (category, name, raw))
    return value


def factors_from_settings(table, source=None):
    """Return ImpactFactors from a deployment's settings, refusing anything unclear.

    table maps a device category to {"co2e_kg": number, "mass_kg": number}; categories
    left out keep the built-in factors. A changed table needs its own source, since
    the built-in citation would no longer describe the figures.
    """
    from ..models.base import CATEGORIES  # here: documents import this module, not the models

    if not table:
        if source:
            return ImpactFactors(DEFAULT_FACTORS, _source(source))
        return DEFAULT_IMPACT
    if not isinstance(table, Mapping):
        raise ImpactSettingsError("IMPACT_FACTORS must map a device category to its factors.")
    factors = dict(DEFAULT_FACTORS)
    for category, values in table.items():
        if category not in CATEGORIES:
            raise ImpactSettingsError("IMPACT_FACTORS: unknown device category %r (known: %s)."
                                      % (category, ", ".join(CATEGORIES)))
        if not isinstance(values, Mapping) or set(values) != {"co2e_kg", "mass_kg"}:
            raise ImpactSettingsError(
                "IMPACT_FACTORS[%r] must give exactly co2e_kg and mass_kg." % (category,))
        factors[category] = ImpactFactor(co2e_kg=_amount(category, "co2e_kg", values["co2e_kg"]),
                                         mass_kg=_amount(category, "mass_kg", values["mass_kg"]))
    if not source:
        raise ImpactSettingsError("IMPACT_FACTORS is set: set IMPACT_SOURCE too, the citation "
                                  "printed under the figures on donor certificates.")
    return ImpactFactors(MappingProxyType(factors), _source(source))


def _source(source):
    texts = {"fr": source} if isinstance(source, str) else source
    if not (isinstance(texts, Mapping) and "fr" in texts
            and all(isinstance(text, str) and text.strip() for text in texts.values())):
        raise ImpactSettingsError('IMPACT_SOURCE must be a text, or a text per language such as '
                                  '{"fr": "...", "en": "..."} with at least "fr".')
    if any(len(text.strip()) > SOURCE_LIMIT for text in texts.values()):
        raise ImpactSettingsError("IMPACT_SOURCE is longer than %d characters; cite the study "
                                  "and give its address instead." % SOURCE_LIMIT)
    if isinstance(source, str):
        return source.strip()
    return MappingProxyType({lang: text.strip() for lang, text in source.items()})
