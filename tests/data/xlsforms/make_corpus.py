"""Writes the XLSForm test corpus next to this file: forms as ODK and KoboToolbox users
write them, one per feature of the common XLSForm set.

Run it after changing a form here (``.venv/bin/python tests/data/xlsforms/make_corpus.py``)
and commit the workbooks and media files it writes; the tests read the committed files,
and one test checks they are what this script writes.

* ``cascading_sites.xlsx`` — region → country → site, with ``choice_filter``;
* ``caseload_calculate.xlsx`` — calculations feeding a relevance, a constraint and labels;
* ``site_visits_repeat.xlsx`` — a repeat with ``repeat_count``, ``position(..)``, sums;
* ``facility_check_external.xlsx`` with ``media/facilities.csv`` and
  ``media/districts.xml`` — choices from files and the external_choices sheet;
* ``trilingual_intake.xlsx`` — English, French and Arabic labels; time, datetime,
  geopoint, acknowledge, defaults, read-only, required messages, appearances.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
MEDIA = HERE / "media"
Rows = list[list[object]]
EN = "label::English (en)"


def workbook_bytes(sheets: dict[str, Rows]) -> bytes:
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


CASCADING: dict[str, Rows] = {
    "survey": [
        ["type", "name", EN, "hint::English (en)", "choice_filter", "required", "appearance"],
        ["select_one region", "region", "Region", None, None, "yes", None],
        [
            "select_one country",
            "country",
            "Country",
            "Countries of the region chosen above",
            "region=${region}",
            "yes",
            "minimal",
        ],
        ["select_one site", "site", "Pilot site", None, "country = ${country}", "yes", None],
        ["text", "site_contact", "Who runs the site?", None, None, None, None],
    ],
    "choices": [
        ["list_name", "name", EN, "region", "country"],
        ["region", "africa", "Africa", None, None],
        ["region", "americas", "Americas", None, None],
        ["country", "KEN", "Kenya", "africa", None],
        ["country", "GHA", "Ghana", "africa", None],
        ["country", "PER", "Peru", "americas", None],
        ["country", "CHL", "Chile", "americas", None],
        ["site", "nairobi", "Nairobi drug court", None, "KEN"],
        ["site", "mombasa", "Mombasa diversion desk", None, "KEN"],
        ["site", "accra", "Accra probation office", None, "GHA"],
        ["site", "lima", "Lima treatment court", None, "PER"],
        ["site", "santiago", "Santiago TTD", None, "CHL"],
    ],
    "settings": [
        ["form_title", "form_id", "version", "default_language"],
        ["Pilot site registry", "pilot_sites", "2024061201", "English (en)"],
    ],
}

CASELOAD: dict[str, Rows] = {
    "survey": [
        [
            "type",
            "name",
            EN,
            "calculation",
            "relevant",
            "constraint",
            "constraint_message::English (en)",
            "required",
            "required_message::English (en)",
            "read_only",
            "default",
        ],
        [
            "integer",
            "women_referred",
            "Women referred this year",
            None,
            None,
            ". >= 0",
            "Cannot be negative",
            "yes",
            "Count the women referred, 0 if none",
            None,
            "0",
        ],
        [
            "integer",
            "men_referred",
            "Men referred this year",
            None,
            None,
            ". >= 0",
            "Cannot be negative",
            "yes",
            None,
            None,
            "0",
        ],
        ["calculate", "total_referred", None, "${women_referred} + ${men_referred}"],
        [
            "integer",
            "completed",
            "How many of the ${total_referred} people completed treatment?",
            None,
            "${total_referred} > 0",
            ". <= ${total_referred}",
            "Cannot exceed the ${total_referred} people referred",
            "yes",
        ],
        [
            "decimal",
            "completion_rate",
            "Completion rate (%)",
            "if(${total_referred} > 0, round(${completed} div ${total_referred} * 100, 1), '')",
            "${total_referred} > 0",
            None,
            None,
            None,
            None,
            "yes",
        ],
        [
            "text",
            "why_none",
            "Why was nobody referred?",
            None,
            "${total_referred} = 0",
            None,
            None,
            "yes",
        ],
        [
            "select_one yes_no",
            "has_evaluation",
            "Is an evaluation planned?",
            None,
            "${total_referred} >= 10",
        ],
        [
            "calculate",
            "evaluation_word",
            None,
            "jr:choice-name(${has_evaluation}, '${has_evaluation}')",
        ],
        [
            "note",
            "summary",
            "Referred: ${total_referred}; completed: ${completed} "
            "(${completion_rate} %). Evaluation: ${evaluation_word}.",
        ],
        ["calculate", "recorded_on", None, "once(today())"],
    ],
    "choices": [
        ["list_name", "name", EN],
        ["yes_no", "yes", "Yes"],
        ["yes_no", "no", "No"],
    ],
    "settings": [
        ["form_title", "form_id", "version"],
        ["Diversion caseload", "diversion_caseload", "2024-06 draft"],
    ],
}

SITE_VISITS: dict[str, Rows] = {
    "survey": [
        ["type", "name", EN, "calculation", "repeat_count", "constraint", "default", "relevant"],
        ["integer", "n_sites", "How many sites did you visit?", None, None, ". >= 0 and . <= 20"],
        ["begin repeat", "sites", "Sites visited", None, "${n_sites}"],
        ["calculate", "site_no", None, "position(..)"],
        ["text", "site_name", "Name of site ${site_no}"],
        ["integer", "staff", "Staff at site ${site_no}", None, None, ". >= 0"],
        [
            "select_one yes_no",
            "has_case_manager",
            "Is there a case manager?",
            None,
            None,
            None,
            "no",
        ],
        ["calculate", "case_manager_count", None, "if(${has_case_manager} = 'yes', 1, 0)"],
        ["date", "visited_on", "Visited on", None, None, ". <= today()"],
        [
            "text",
            "case_manager_name",
            "Case manager's name",
            None,
            None,
            None,
            None,
            "${has_case_manager} = 'yes'",
        ],
        ["end repeat"],
        ["calculate", "total_staff", None, "sum(${staff})"],
        ["calculate", "sites_with_manager", None, "sum(${case_manager_count})"],
        ["calculate", "largest_site", None, "max(${staff})"],
        ["calculate", "first_site", None, "indexed-repeat(${site_name}, ${sites}, 1)"],
        [
            "note",
            "visits_summary",
            "${sites_with_manager} of ${n_sites} sites have a case "
            "manager; ${total_staff} staff in all, first site: ${first_site}.",
        ],
        [
            "text",
            "staffing_gap",
            "What would close the staffing gap?",
            None,
            None,
            None,
            None,
            "${n_sites} > 0 and ${sites_with_manager} < ${n_sites}",
        ],
    ],
    "choices": [
        ["list_name", "name", EN],
        ["yes_no", "yes", "Yes"],
        ["yes_no", "no", "No"],
    ],
    "settings": [["form_title", "form_id", "version"], ["Site visits", "site_visits", "3"]],
}

FACILITIES: dict[str, Rows] = {
    "survey": [
        ["type", "name", EN, "choice_filter", "parameters", "required"],
        ["select_one_from_file districts.xml", "district", "District", None, None, "yes"],
        [
            "select_one_from_file facilities.csv",
            "facility",
            "Treatment facility",
            "district=${district}",
            "value=code label=facility_name",
            "yes",
        ],
        ["select_one_external court", "court", "Referring court", "district=${district}"],
        [
            "select_multiple_from_file facilities.csv",
            "also_refers_to",
            "Other facilities it refers to",
            "district=${district} and code != ${facility}",
            "value=code label=facility_name",
        ],
    ],
    "external_choices": [
        ["list_name", "name", "label", "district"],
        ["court", "nbi_high", "Nairobi High Court", "nairobi"],
        ["court", "nbi_mag", "Milimani Magistrates' Court", "nairobi"],
        ["court", "ksm_high", "Kisumu High Court", "kisumu"],
    ],
    "settings": [
        ["form_title", "form_id", "version"],
        ["Treatment facility check", "facility_check", "1.2"],
    ],
}
FACILITIES_CSV = [
    ["code", "facility_name", "facility_name::fr", "district", "beds"],
    ["F001", "Mathari Hospital", "Hôpital Mathari", "nairobi", "40"],
    ["F002", "Nairobi Recovery Centre", "Centre de rétablissement de Nairobi", "nairobi", "25"],
    ["F003", "Kisumu Rehabilitation Unit", "Unité de réadaptation de Kisumu", "kisumu", "18"],
]
DISTRICTS_XML = """<?xml version="1.0" encoding="UTF-8"?>
<root>
  <item><name>nairobi</name><label>Nairobi</label><region>central</region></item>
  <item><name>kisumu</name><label>Kisumu</label><region>western</region></item>
</root>
"""

EN3, FR3, AR3 = "label::English (en)", "label::Français (fr)", "label::العربية (ar)"
TRILINGUAL: dict[str, Rows] = {
    "survey": [
        [
            "type",
            "name",
            EN3,
            FR3,
            AR3,
            "hint::English (en)",
            "hint::Français (fr)",
            "hint::العربية (ar)",
            "required",
            "required_message::English (en)",
            "required_message::Français (fr)",
            "required_message::العربية (ar)",
            "default",
            "read_only",
            "appearance",
            "parameters",
        ],
        [
            "acknowledge",
            "consent",
            "I agree to take part in this interview",
            "J'accepte de participer à cet entretien",
            "أوافق على المشاركة في هذه المقابلة",
            None,
            None,
            None,
            "yes",
            "Consent is needed to continue",
            "Le consentement est nécessaire pour continuer",
            "الموافقة ضرورية للمتابعة",
        ],
        [
            "datetime",
            "interview_start",
            "Start of the interview",
            "Début de l'entretien",
            "بداية المقابلة",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "now()",
        ],
        [
            "time",
            "hearing_time",
            "Time of the first court hearing",
            "Heure de la première audience",
            "وقت الجلسة الأولى",
            "24-hour clock",
            "Format 24 heures",
            "بنظام 24 ساعة",
        ],
        [
            "geopoint",
            "office_location",
            "Location of the probation office",
            "Emplacement du bureau de probation",
            "موقع مكتب المراقبة",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "maps",
            "capture-accuracy=10",
        ],
        [
            "select_one agency",
            "agency",
            "Which agency referred the person?",
            "Quel organisme a orienté la personne ?",
            "ما الجهة التي أحالت الشخص؟",
            None,
            None,
            None,
            "yes",
            None,
            None,
            None,
            "police",
            None,
            "horizontal",
        ],
        [
            "text",
            "programme",
            "Programme",
            "Programme",
            "البرنامج",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "Treatment court",
            "yes",
        ],
        [
            "text",
            "notes",
            "Notes",
            "Notes",
            "ملاحظات",
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            "multiline",
        ],
    ],
    "choices": [
        ["list_name", "name", EN3, FR3, AR3],
        ["agency", "police", "Police", "Police", "الشرطة"],
        ["agency", "prosecutor", "Prosecutor", "Procureur", "النيابة العامة"],
        ["agency", "court", "Court", "Tribunal", "المحكمة"],
    ],
    "settings": [
        ["form_title", "form_id", "version", "default_language"],
        ["Treatment court intake", "intake", "2024-06-12", "English (en)"],
    ],
}

WORKBOOKS = {
    "cascading_sites.xlsx": CASCADING,
    "caseload_calculate.xlsx": CASELOAD,
    "site_visits_repeat.xlsx": SITE_VISITS,
    "facility_check_external.xlsx": FACILITIES,
    "trilingual_intake.xlsx": TRILINGUAL,
}


def media_files() -> dict[str, bytes]:
    text = io.StringIO(newline="")
    csv.writer(text).writerows(FACILITIES_CSV)
    return {
        "facilities.csv": text.getvalue().encode("utf-8"),
        "districts.xml": DISTRICTS_XML.encode("utf-8"),
    }


def main() -> None:
    for name, sheets in WORKBOOKS.items():
        (HERE / name).write_bytes(workbook_bytes(sheets))
    MEDIA.mkdir(exist_ok=True)
    for name, data in media_files().items():
        (MEDIA / name).write_bytes(data)


if __name__ == "__main__":
    main()
