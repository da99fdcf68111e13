"""Build ``resources/content/countries.json`` from pycountry and the UN M49 tables below.

Run from the repository root: ``python tools/build_countries.py``. The output is
deterministic (sorted by alpha-3, fixed formatting), so a rebuild with the same
pycountry release changes nothing.

Sources and choices:

* Codes and English names: pycountry (ISO 3166-1), with the UN's short names where
  pycountry inverts them ("Korea, Republic of" → "Republic of Korea").
* Region, sub-region and intermediate region: the UN M49 "Standard country or area
  codes for statistical use" composition, written out below. M49 does not list
  Taiwan separately; it is placed in Eastern Asia. Antarctica has no M49 region and
  is left out.
* Status: the 193 UN member states and the two observer states are fixed lists;
  every other ISO entry is "other".
* Group tags: only memberships we are sure of. AU = the 54 African UN member states
  plus the Sahrawi Arab Democratic Republic (ISO "EH", Western Sahara) = 55. OAS =
  the members taking part today: Cuba (has not taken up its seat since 2009),
  Nicaragua (left in 2023) and Venezuela (denunciation contested) are left out.
  Colombo Plan = the member states we could confirm; the list may be incomplete.
  ISSUP national chapters are not tagged: the seed gives a count (42), not a list.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry


def _codes(text: str) -> list[str]:
    """Alpha-3 codes written as whitespace-separated text (compact to read and review)."""
    return text.split()


OUTPUT = Path(__file__).resolve().parent.parent / "resources" / "content" / "countries.json"

# (region, sub-region, intermediate region or "") → alpha-3 codes.
M49: dict[tuple[str, str, str], str] = {
    ("Africa", "Northern Africa", ""): "DZA EGY LBY MAR SDN TUN ESH",
    ("Africa", "Sub-Saharan Africa", "Eastern Africa"): (
        "IOT BDI COM DJI ERI ETH ATF KEN MDG MWI MUS MYT MOZ REU RWA SYC SOM SSD UGA TZA ZMB ZWE"
    ),
    ("Africa", "Sub-Saharan Africa", "Middle Africa"): "AGO CMR CAF TCD COG COD GNQ GAB STP",
    ("Africa", "Sub-Saharan Africa", "Southern Africa"): "BWA SWZ LSO NAM ZAF",
    ("Africa", "Sub-Saharan Africa", "Western Africa"): (
        "BEN BFA CPV CIV GMB GHA GIN GNB LBR MLI MRT NER NGA SHN SEN SLE TGO"
    ),
    ("Americas", "Latin America and the Caribbean", "Caribbean"): (
        "AIA ATG ABW BHS BRB BES VGB CYM CUB CUW DMA DOM GRD GLP HTI JAM MTQ MSR PRI BLM KNA LCA"
        " MAF VCT SXM TTO TCA VIR"
    ),
    ("Americas", "Latin America and the Caribbean", "Central America"): (
        "BLZ CRI SLV GTM HND MEX NIC PAN"
    ),
    ("Americas", "Latin America and the Caribbean", "South America"): (
        "ARG BOL BVT BRA CHL COL ECU FLK GUF GUY PRY PER SGS SUR URY VEN"
    ),
    ("Americas", "Northern America", ""): "BMU CAN GRL SPM USA",
    ("Asia", "Central Asia", ""): "KAZ KGZ TJK TKM UZB",
    ("Asia", "Eastern Asia", ""): "CHN HKG MAC PRK JPN MNG KOR TWN",
    ("Asia", "South-eastern Asia", ""): "BRN KHM IDN LAO MYS MMR PHL SGP THA TLS VNM",
    ("Asia", "Southern Asia", ""): "AFG BGD BTN IND IRN MDV NPL PAK LKA",
    ("Asia", "Western Asia", ""): (
        "ARM AZE BHR CYP GEO IRQ ISR JOR KWT LBN OMN QAT SAU PSE SYR TUR ARE YEM"
    ),
    ("Europe", "Eastern Europe", ""): "BLR BGR CZE HUN POL MDA ROU RUS SVK UKR",
    ("Europe", "Northern Europe", ""): "ALA DNK EST FRO FIN ISL IRL IMN LVA LTU NOR SJM SWE GBR",
    ("Europe", "Northern Europe", "Channel Islands"): "GGY JEY",
    ("Europe", "Southern Europe", ""): (
        "ALB AND BIH HRV GIB GRC VAT ITA MLT MNE MKD PRT SMR SRB SVN ESP"
    ),
    ("Europe", "Western Europe", ""): "AUT BEL FRA DEU LIE LUX MCO NLD CHE",
    ("Oceania", "Australia and New Zealand", ""): "AUS CXR CCK HMD NZL NFK",
    ("Oceania", "Melanesia", ""): "FJI NCL PNG SLB VUT",
    ("Oceania", "Micronesia", ""): "GUM KIR MHL FSM NRU MNP PLW UMI",
    ("Oceania", "Polynesia", ""): "ASM COK PYF NIU PCN WSM TKL TON TUV WLF",
}
LEFT_OUT = {"ATA"}

UN_MEMBER_STATES = _codes("""
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG CRI CIV HRV CUB CYP CZE PRK COD DNK
DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB
GUY HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR KWT KGZ LAO LVA LBN LSO
LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MCO MNG MNE MAR MOZ MMR NAM NRU
NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT KOR MDA ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK THA TLS TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR TZA USA URY UZB VUT VEN VNM YEM ZMB
ZWE
""")
UN_OBSERVER_STATES = ["VAT", "PSE"]

OAS = _codes("""
ATG ARG BHS BRB BLZ BOL BRA CAN CHL COL CRI DMA DOM ECU SLV GRD GTM GUY HTI HND JAM MEX PAN PRY
PER KNA LCA VCT SUR TTO USA URY
""")
EU = _codes("""
AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT ROU SVK
SVN ESP SWE
""")
COLOMBO_PLAN = _codes("""
AFG AUS BGD BTN BRN FJI IND IDN IRN JPN KOR LAO MYS MDV MNG MMR NPL NZL PAK PNG PHL SAU SGP LKA
THA USA VNM
""")

UN_SHORT_NAMES = {
    "BOL": "Bolivia (Plurinational State of)",
    "COD": "Democratic Republic of the Congo",
    "FSM": "Micronesia (Federated States of)",
    "IRN": "Iran (Islamic Republic of)",
    "KOR": "Republic of Korea",
    "MDA": "Republic of Moldova",
    "PRK": "Democratic People's Republic of Korea",
    "PSE": "State of Palestine",
    "TWN": "Taiwan",
    "TZA": "United Republic of Tanzania",
    "VAT": "Holy See",
    "VEN": "Venezuela (Bolivarian Republic of)",
    "VGB": "British Virgin Islands",
    "VIR": "United States Virgin Islands",
}


def _placement() -> dict[str, tuple[str, str, str]]:
    placement: dict[str, tuple[str, str, str]] = {}
    for key, codes in M49.items():
        for code in codes.split():
            if code in placement:
                raise SystemExit(f"{code} is placed twice in the M49 table")
            placement[code] = key
    return placement


def _groups(alpha3: str, region: str, status: str) -> list[str]:
    groups: list[str] = []
    if (region == "Africa" and status == "member_state") or alpha3 == "ESH":
        groups.append("AU")
    groups += [tag for tag, members in (("OAS", OAS), ("EU", EU)) if alpha3 in members]
    if alpha3 in COLOMBO_PLAN:
        groups.append("Colombo Plan")
    return groups


def build() -> list[dict[str, object]]:
    assert len(UN_MEMBER_STATES) == len(set(UN_MEMBER_STATES)) == 193
    placement = _placement()
    iso = {c.alpha_3: c for c in pycountry.countries}
    unknown = (set(placement) | set(UN_MEMBER_STATES) | set(OAS) | set(EU)) - set(iso)
    unplaced = set(iso) - set(placement) - LEFT_OUT
    if unknown or unplaced:
        raise SystemExit(f"not in pycountry: {sorted(unknown)}; no M49 region: {sorted(unplaced)}")
    entries: list[dict[str, object]] = []
    african_union = 0
    for alpha3 in sorted(placement):
        country = iso[alpha3]
        region, sub_region, intermediate = placement[alpha3]
        status = (
            "member_state"
            if alpha3 in UN_MEMBER_STATES
            else "observer_state"
            if alpha3 in UN_OBSERVER_STATES
            else "other"
        )
        groups = _groups(alpha3, region, status)
        african_union += "AU" in groups
        entries.append(
            {
                "alpha2": country.alpha_2,
                "alpha3": alpha3,
                "m49": country.numeric,
                "name": UN_SHORT_NAMES.get(alpha3, country.name),
                "region": region,
                "sub_region": sub_region,
                "intermediate_region": intermediate or None,
                "status": status,
                "groups": groups,
            }
        )
    assert african_union == 55, african_union
    return entries


def main() -> int:
    text = json.dumps(build(), ensure_ascii=False, indent=2) + "\n"
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
