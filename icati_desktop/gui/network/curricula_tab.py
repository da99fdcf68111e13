"""The Curricula tab: each curriculum's step in the pipeline (draft → pilot → TEAG
approval → published), its trainers and the people trained on it. At HQ, a curriculum
can be moved to another step (the store keeps every version, so a move can be undone)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from icati_desktop.gui.network.models import CountryNames
from icati_desktop.gui.network.rows_model import RowsModel
from icati_desktop.gui.network.vocabulary import PIPELINE_LABELS, label, number
from icati_desktop.gui.network.widgets import ChoiceBox, OneLineList
from icati_desktop.gui.people.vocabulary import day_text
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.table_roles import RECORD_ID_ROLE
from icati_desktop.i18n import N_, _, current_language

if TYPE_CHECKING:
    from icati_desktop.store.network_curricula import CurriculumSummary, TrainedPerson
    from icati_desktop.store.store import Store

COLUMNS = (N_("Curriculum"), N_("Provider"), N_("Pipeline"), N_("People trained"), N_("Trainers"))
TRAINED_COLUMNS = (N_("Name"), N_("Country"), N_("Trained on"), N_("Training"))


@dataclass(frozen=True)
class CurriculaSnapshot:
    curricula: list[CurriculumSummary]
    is_hq: bool


def _curricula_job(store: Store) -> CurriculaSnapshot:
    from icati_desktop.store.device import Role, require_device
    from icati_desktop.store.network_curricula import list_curricula

    with store.read() as session:
        return CurriculaSnapshot(list_curricula(session), require_device(session).role is Role.HQ)


def _trained_job(curriculum_id: str, store: Store) -> list[TrainedPerson]:
    from icati_desktop.store.network_curricula import trained_people

    with store.read() as session:
        return trained_people(session, curriculum_id)


def _move_job(curriculum_id: str, status: str, store: Store) -> None:
    from icati_desktop.domain.library import CurriculumStatus
    from icati_desktop.store.network_writes import set_curriculum_status

    set_curriculum_status(store, curriculum_id, CurriculumStatus(status))


def pipeline_text(status: str) -> str:
    """The pipeline with the curriculum's step marked: "Draft → [Pilot] → …"."""
    steps = [label(PIPELINE_LABELS, code) for code in PIPELINE_LABELS]
    current = label(PIPELINE_LABELS, status)
    return " → ".join(f"[{s}]" if s == current else s for s in steps)


class CurriculaTab(QWidget):
    def __init__(self, services: AppServices, names: CountryNames, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.names = names
        self._shown: str | None = None
        self.curricula = RowsModel(COLUMNS, self._cell, parent=self)
        self.trained = RowsModel(
            TRAINED_COLUMNS, self._trained_cell, lambda p: str(p.person_id), parent=self
        )
        self.list = OneLineList(self.curricula, "curricula")
        self.list.table.selectionModel().currentRowChanged.connect(
            lambda current, _old: self._show(current.data(RECORD_ID_ROLE))
        )
        self.step = ChoiceBox(
            "curriculum_step", lambda: [(c, _(t)) for c, t in PIPELINE_LABELS.items()], None
        )
        self.move_button = QPushButton()
        self.move_button.setObjectName("curriculum_move")
        self.move_button.clicked.connect(self.move_current)
        self.trained_title = QLabel()
        self.trained_list = OneLineList(self.trained, "trained")
        bar = QHBoxLayout()
        bar.addWidget(self.trained_title, 1)
        bar.addWidget(self.step)
        bar.addWidget(self.move_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(bar)
        layout.addWidget(self.trained_list, 1)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.step.retranslate()
        self.step.setAccessibleName(_("Pipeline step"))
        self.move_button.setText(_("&Move to this step"))
        self.list.empty.setText(
            _("No curricula on this device yet; they come with the central content.")
        )
        self.trained_title.setText(_("People trained on the chosen curriculum"))
        self.trained_list.empty.setText(
            _(
                "Nobody trained on it yet. A training event that names this curriculum lists "
                "its attendees here."
            )
        )
        self.curricula.retranslate()
        self.trained.retranslate()

    def reload(self) -> None:
        self.services.run(_curricula_job, self._loaded)

    def _loaded(self, snapshot: CurriculaSnapshot) -> None:
        self.curricula.set_rows(snapshot.curricula)
        self.list.show_rows(len(snapshot.curricula))
        for widget in (self.step, self.move_button):
            widget.setVisible(snapshot.is_hq)
        rows = snapshot.curricula
        row = next(
            (n for n, c in enumerate(rows) if c.record_id == self._shown), 0 if rows else None
        )
        if row is not None:
            self.list.table.selectRow(row)
            self._show(rows[row].record_id)

    def _show(self, curriculum_id: Any) -> None:
        if not curriculum_id:
            return
        self._shown = str(curriculum_id)
        current = next((c for c in self.curricula.rows if c.record_id == self._shown), None)
        if current is not None:
            self.step.set_code(current.status)
        self.services.run(
            partial(_trained_job, self._shown), partial(self._trained_loaded, self._shown)
        )

    def _trained_loaded(self, curriculum_id: str, people: list[TrainedPerson]) -> None:
        if curriculum_id == self._shown:
            self.trained.set_rows(people)
            self.trained_list.show_rows(len(people))

    def move_current(self) -> None:
        current = next((c for c in self.curricula.rows if c.record_id == self._shown), None)
        step = self.step.code()
        if current is None or step is None or step == current.status:
            return
        self.services.run(
            partial(_move_job, current.record_id, step),
            lambda _none: self.reload(),
            self._failed,
        )

    def _failed(self, error: BaseException) -> None:
        QMessageBox.warning(self, _("Curricula"), str(error))

    def _title(self, curriculum: CurriculumSummary) -> str:
        return (
            curriculum.title.get(current_language())
            or curriculum.title.get("en")
            or curriculum.code
        )

    def _cell(self, curriculum: CurriculumSummary, column: int) -> str:
        if column == 0:
            return self._title(curriculum)
        if column == 1:
            return curriculum.provider
        if column == 2:
            return pipeline_text(curriculum.status)
        if column == 3:
            text = number(curriculum.trained.total)
            if curriculum.trained.unnamed:
                text += " " + _("({n} not named)").format(n=number(curriculum.trained.unnamed))
            return text
        return number(curriculum.trainers)

    def _trained_cell(self, person: TrainedPerson, column: int) -> str:
        if column == 0:
            return person.display_name
        if column == 1:
            return self.names.name(person.country)
        if column == 2:
            return day_text(person.trained_on)
        return person.event_title
