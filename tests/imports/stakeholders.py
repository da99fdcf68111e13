"""A realistic stakeholder list, as HQ and focal points keep them in Excel."""

from __future__ import annotations

import csv
import random
from pathlib import Path

GIVEN = [
    "Amina",
    "John",
    "María",
    "Kwame",
    "Fatima",
    "Luis",
    "Grace",
    "Omar",
    "Nadia",
    "Peter",
    "Wanjiru",
    "Carlos",
    "Aisha",
    "David",
    "Lucía",
    "Samuel",
    "Leila",
    "Joseph",
    "Ana",
    "Yusuf",
]
FAMILY = [
    "Odhiambo",
    "Mwangi",
    "García",
    "Mensah",
    "Haddad",
    "Pérez",
    "Kamau",
    "Benali",
    "Otieno",
    "Rodríguez",
    "Njoroge",
    "Suárez",
    "Kiprop",
    "Mahmoud",
    "Wekesa",
    "Castro",
]
ORGS = {
    "KEN": [
        "Kenya Probation and Aftercare Service",
        "Office of the DPP",
        "Judiciary of Kenya",
        "Kenya Prisons Service",
        "National Police Service",
        "Ministry of Health Kenya",
    ],
    "COL": [
        "Fiscalía General de la Nación",
        "Rama Judicial",
        "INPEC",
        "Ministerio de Justicia",
        "Defensoría del Pueblo",
        "Universidad Nacional",
    ],
}
ROLES = [
    "Public prosecutor",
    "Head of probation",
    "Magistrate",
    "Social worker",
    "Programme officer",
    "Researcher",
    "Police commander",
    "Treatment provider",
]
SECTORS = ["justice", "health", "community", "case_management", "research", "civil_society"]
STAGES = ["pre_arrest", "pre_trial", "court", "post_sentence"]
HEADER = [
    "name",
    "organisation",
    "role",
    "sector",
    "country",
    "stages",
    "decision_authority",
    "email",
    "phone",
]


def stakeholders(count: int, seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        country = "KEN" if i % 3 else "COL"
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        rows.append({
            "name": f"{given} {family} {i:03d}",
            "organisation": rng.choice(ORGS[country]),
            "role": rng.choice(ROLES),
            "sector": rng.choice(SECTORS),
            "country": country,
            "stages": " ".join(sorted(rng.sample(STAGES, rng.randint(0, 2)), key=STAGES.index)),
            "decision_authority": rng.choice(["yes", "no"]),
            "email": f"{given}.{family}.{i}@example.org".lower().replace("í", "i").replace("á", "a")
            .replace("é", "e").replace("ú", "u"),
            "phone": f"+254 7{i:02d} 555 {i:03d}" if country == "KEN" else "",
        })  # fmt: skip
    return rows


def write_csv(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path
