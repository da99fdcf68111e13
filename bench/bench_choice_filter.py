"""Benchmark: a cascading select over 20,000 choices (a list from a CSV file), against a
2,000-choice baseline of the same run.

Run with ``make bench`` (or ``.venv/bin/python bench/bench_choice_filter.py``). The fill-in
screen filters a select's choices after every answer; a ``column = ${value}`` filter computes
its value once and only compares each choice, so the time per choice stays flat and far
below a full evaluation of the expression per choice (also measured, for comparison).
"""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date

from icati_desktop.domain.assessments import Answer, Assessment, TextAnswer
from icati_desktop.domain.expressions import evaluate, is_true, parse
from icati_desktop.domain.form_state import evaluate_form
from icati_desktop.domain.form_text import choice_columns, offered_choices
from icati_desktop.domain.forms import FormDefinition

ROUNDS = 5


def form_of(size: int) -> FormDefinition:
    choices = [
        {"name": f"s{n}", "label": {"en": f"Site {n}"}, "properties": {"district": f"d{n % 50}"}}
        for n in range(size)
    ]
    return FormDefinition.model_validate(
        {
            "form_id": "bench",
            "version": "1",
            "title": {"en": "Bench"},
            "languages": ["en"],
            "default_language": "en",
            "scale": {
                "anchors": [{"value": v, "label": {"en": str(v)}} for v in range(5)],
                "dont_know_allowed": False,
            },
            "choice_lists": [{"name": "sites", "choices": choices}],
            "domains": [
                {
                    "code": "D1",
                    "title": {"en": "D1"},
                    "elements": [
                        {"kind": "item", "name": "district", "type": "text", "label": {"en": "D"}},
                        {
                            "kind": "item",
                            "name": "site",
                            "type": "select_one",
                            "choices": "sites",
                            "label": {"en": "S"},
                            "choice_filter": "district = ${district}",
                        },
                    ],
                }
            ],
        }
    )


def best(run: object) -> float:
    times = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def measure(size: int) -> tuple[float, float]:
    form = form_of(size)
    assessment = Assessment(
        country="KEN",
        form_id="bench",
        form_version="1",
        assessed_on=date(2026, 3, 4),
        answers={"district": Answer(value=TextAnswer(value="d7"))},
    )
    state = evaluate_form(form, assessment)
    item = form.item("site")
    fast = best(lambda: offered_choices(form, state, item, None))
    expression = parse(item.choice_filter or "", columns=True)

    def each() -> None:
        for choice in form.choices_of(item):
            context = replace(state.context, columns=choice_columns(form, choice))
            is_true(evaluate(expression, state.values, context=context))

    return fast, best(each)


def main() -> None:
    baseline, large = 2_000, 20_000
    base_fast, base_each = measure(baseline)
    fast, each = measure(large)
    print(f"{baseline:>6} choices: {base_fast * 1000:7.1f} ms filtered, {base_each * 1000:7.1f} ms "
          "evaluated per choice")  # fmt: skip
    print(f"{large:>6} choices: {fast * 1000:7.1f} ms filtered, {each * 1000:7.1f} ms "
          "evaluated per choice")  # fmt: skip
    print(f"per choice, {large} vs {baseline}: {fast / large / (base_fast / baseline):.2f}× "
          f"(flat is 1.00×); filtered vs evaluated: {each / fast:.1f}× faster")  # fmt: skip


if __name__ == "__main__":
    main()
