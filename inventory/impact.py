"""Environmental impact of reused devices: per-category factors and their totals."""
from dataclasses import dataclass, field
from decimal import Decimal
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
# Mass: typical weight of one unit (laptop 2 kg, desktop tower 7 kg, 24"
# monitor 4.5 kg, tablet 0.5 kg): an order of magnitude, not an ADEME figure;
# callers with weighed data should pass their own factors.
# "other" is deliberately zero: no published figure fits an unknown device.
DEFAULT_FACTORS = MappingProxyType({
    "laptop": ImpactFactor(co2e_kg=Decimal("182.6"), mass_kg=Decimal("2.0")),
    "desktop": ImpactFactor(co2e_kg=Decimal("204.4"), mass_kg=Decimal("7.0")),
    "monitor": ImpactFactor(co2e_kg=Decimal("65.9"), mass_kg=Decimal("4.5")),
    "tablet": ImpactFactor(co2e_kg=Decimal("59.7"), mass_kg=Decimal("0.5")),
    "other": ImpactFactor(co2e_kg=Decimal("0"), mass_kg=Decimal("0")),
})

DEFAULT_SOURCE = (
    "CO2e : ADEME & Arcep, « Évaluation de l'impact environnemental du numérique en France "
    "et analyse prospective », 2022 (fabrication et distribution d'un équipement neuf, "
    "via ADEME Impact CO2). Masse : poids usuel d'un appareil (estimation)."
)


@dataclass(frozen=True)
class ImpactFactors:
    """A factor per device category and the citation printed under the figures."""

    factors: Mapping[str, ImpactFactor] = field(default_factory=lambda: DEFAULT_FACTORS)
    source: str = DEFAULT_SOURCE

    def for_category(self, category):
        """Return the factor of a category, or zero for a category without one."""
        return self.factors.get(category) or ImpactFactor(Decimal("0"), Decimal("0"))


DEFAULT_IMPACT = ImpactFactors()


@dataclass(frozen=True)
class Impact:
    """Totals avoided by a set of reused devices."""

    devices: int
    co2e_kg: Decimal
    mass_kg: Decimal
    source: str


def estimate_impact(categories: Iterable[str], factors: ImpactFactors = DEFAULT_IMPACT) -> Impact:
    """Add up the impact avoided by reusing one device of each given category."""
    count, co2e, mass = 0, Decimal("0"), Decimal("0")
    for category in categories:
        factor = factors.for_category(category)
        count += 1
        co2e += factor.co2e_kg
        mass += factor.mass_kg
    return Impact(devices=count, co2e_kg=co2e, mass_kg=mass, source=factors.source)
