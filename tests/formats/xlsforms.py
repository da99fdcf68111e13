"""Realistic XLSForm workbooks built in the tests (openpyxl), as central staff write them."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

_CHECKOUT = Path(__file__).resolve().parents[2]
SHARED = next(
    (
        where / "shared" / "xlsforms"
        for where in (_CHECKOUT.parent, _CHECKOUT.parent.parent)
        if (where / "shared" / "xlsforms").is_dir()
    ),
    _CHECKOUT.parent / "shared" / "xlsforms",
)
"""The real workbooks from pyxform's test suite, next to the checkout (or next to the
folder of git worktrees holding it)."""

Rows = list[list[object]]


def write_workbook(path: Path, sheets: dict[str, Rows]) -> Path:
    """A workbook with one sheet per entry; the first row of each is its header."""
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


EN, FR, AR = "label::English (en)", "label::Français (fr)", "label::Arabic (ar)"

PROBATION_SURVEY: Rows = [
    [
        "type",
        "name",
        EN,
        FR,
        AR,
        "hint::English (en)",
        "required",
        "relevant",
        "constraint",
        "constraint_message::English (en)",
        "constraint_message::French",
        "weight",
        "domain",
        "domain_title::English (en)",
        "domain_title::fr",
        "key_item",
        "continuum_stage",
        "appearance",
    ],
    [
        "begin group",
        "legal",
        "Legal framework",
        "Cadre juridique",
        "الإطار القانوني",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "D1",
        "Legal framework",
        "Cadre juridique",
    ],
    [
        "score",
        "law_exists",
        "A law provides for probation",
        "Une loi prévoit la probation",
        "يوجد قانون ينص على الاختبار",
        "Count draft laws as 2",
        "yes",
        None,
        None,
        None,
        None,
        2,
        None,
        None,
        None,
        "yes",
        "court",
    ],
    [
        "select_one yes_no",
        "has_budget",
        "Is there a budget?",
        "Y a-t-il un budget ?",
        "هل توجد ميزانية؟",
        None,
        "true",
    ],
    ["begin group", "budget", "Budget", "Budget", "الميزانية", None, None, "${has_budget} = 'yes'"],
    [
        "integer",
        "budget_amount",
        "How much per year?",
        "Combien par an ?",
        "كم في السنة؟",
        None,
        None,
        None,
        ". > 0",
        "Must be above zero",
        "Doit être positif",
    ],
    ["end group"],
    ["end group"],
    [
        "begin repeat",
        "sites",
        "Pilot sites",
        "Sites pilotes",
        "مواقع تجريبية",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "D2",
        "Pilot sites",
    ],
    ["text", "site_name", "Site name", "Nom du site", "اسم الموقع", None, "yes"],
    [
        "select_multiple services",
        "site_services",
        "Services offered",
        "Services offerts",
        "الخدمات المقدمة",
        None,
        None,
        "string-length(${site_name}) > 0",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "minimal",
    ],
    ["date", "opened_on", "Opened on", "Ouvert le", "تاريخ الافتتاح"],
    [
        "decimal",
        "caseload_share",
        "Share of the caseload",
        "Part des dossiers",
        "حصة القضايا",
        None,
        None,
        None,
        ". >= 0 and . <= 1",
        "Between 0 and 1",
    ],
    ["end repeat"],
    [
        "note",
        "thanks",
        "Thank you",
        "Merci",
        "شكرا",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "D2",
    ],
]
PROBATION_CHOICES: Rows = [
    ["list_name", "name", EN, FR, AR],
    ["yes_no", "yes", "Yes", "Oui", "نعم"],
    ["yes_no", "no", "No", "Non", "لا"],
    ["services", "counselling", "Counselling", "Conseil", "إرشاد"],
    ["services", "community_work", "Community work", "Travail d'intérêt général", "خدمة مجتمعية"],
]
PROBATION_SETTINGS: Rows = [
    ["form_title", "form_id", "version", "default_language"],
    ["Probation readiness", "probation_check", "2.1", "English (en)"],
]


def probation_form(directory: Path, version: str = "2.1", name: str = "probation.xlsx") -> Path:
    settings = [PROBATION_SETTINGS[0], [*PROBATION_SETTINGS[1][:2], version, "English (en)"]]
    return write_workbook(
        directory / name,
        {"survey": PROBATION_SURVEY, "choices": PROBATION_CHOICES, "settings": settings},
    )


def broken_form(directory: Path) -> Path:
    """Several unsupported things at once, each on its own row."""
    survey: Rows = [
        [
            "type",
            "name",
            "label",
            "calculation",
            "relevant",
            "required",
            "weight",
            "repeat_count",
            "label::Klingon",
        ],
        ["text", "visitor", "Who visited?"],  # row 2: fine
        ["image", "where", "Where?"],  # row 3: unsupported type (media)
        ["integer", "total", "Total", "${a} + 1"],  # row 4: calculation naming nothing
        ["text", "why", "Why?", None, "${nobody} = 'x'"],  # row 5: unknown name
        ["select_one_external towns", "town", "Town"],  # row 6: no external_choices sheet
        ["begin repeat", "rooms", "Rooms", None, None, None, None, "${none}"],  # row 7
        ["text", "room", "Room", None, None, "${visitor} != ''"],  # row 8: conditional required
        ["end repeat"],  # row 9
        ["text", "comment", "Comment", None, None, None, 2],  # row 10: weight on text
        ["text", "greeting", "Hello", None, None, None, None, None, "nuqneH"],  # row 11
        ["end group"],  # row 12: no begin
    ]
    choices: Rows = [["list_name", "name", "label", "image"], ["towns", "a", "A", "a.png"]]
    return write_workbook(directory / "broken.xlsx", {"survey": survey, "choices": choices})
