"""A second version of the default form, as HQ might publish it: one question renamed,
one reworded, one added, one asked only sometimes, and a phase rule made stricter."""

from __future__ import annotations

import json
from typing import Any

from icati_desktop.domain.forms import FormDefinition
from icati_desktop.store.forms import save_form
from icati_desktop.store.store import Store
from tests.formats.small_form import CONTENT


def default_form_v2_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (CONTENT / "forms" / "ati_self_assessment.json").read_text(encoding="utf-8")
    )
    data["version"] = "2"
    d2 = data["domains"][1]["elements"]
    d2[3]["name"] = "d2_ati_basics_completed"  # was d2_basics_webinars
    d2[1]["label"] = {
        "en": "Are there signed inter-agency agreements (MoUs)?",
        "fr": "Existe-t-il des accords interinstitutionnels signés (protocoles d’accord) ?",
        "ar": "هل توجد اتفاقات موقّعة بين الجهات المعنية (مذكرات تفاهم)؟",
    }
    d8 = data["domains"][7]["elements"]
    d8[2]["relevant"] = "${d8_service_data} >= 1"
    d8.append(
        {
            "kind": "item",
            "name": "d8_public_reporting",
            "type": "score",
            "label": {
                "en": "Are the results published every year?",
                "fr": "Les résultats sont-ils publiés chaque année ?",
                "ar": "هل تُنشر النتائج كل عام؟",
            },
        }
    )
    for rule in data["phase_rules"]:
        for condition in rule["conditions"]:
            if condition.get("items") == ["d2_basics_webinars"]:
                condition["items"] = ["d2_ati_basics_completed"]
        if rule["phase"] == 3:
            rule["conditions"][0]["min"] = "2.5"
    return data


def publish_v2(store: Store) -> FormDefinition:
    form = FormDefinition.model_validate(default_form_v2_data())
    save_form(store, form)
    return form


__all__ = ["default_form_v2_data", "publish_v2"]
