"""The passphrase on the real widgets: unlocking at start, setting it from File > Passphrase,
and refused bundles explained in the UI language."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from icati_desktop.gui.language import apply_language
from icati_desktop.gui.passphrase_dialogs import PassphraseDialog, UnlockDialog
from icati_desktop.gui.passphrase_settings import PassphraseSettings
from icati_desktop.gui.services import AppServices
from icati_desktop.gui.sync.flows import describe_error
from icati_desktop.gui.sync.reject_messages import has_message
from icati_desktop.store.cipher import is_encrypted_file
from icati_desktop.store.device import Role
from icati_desktop.store.opening import open_store, store_file
from icati_desktop.store.store import Store
from icati_desktop.sync.device_setup import initialise_device
from icati_desktop.sync.errors import BundleRejected, RejectCode

pytestmark = pytest.mark.gui

SECRET = "correct horse battery staple"


@pytest.fixture
def french() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    apply_language(app, "fr")
    yield
    apply_language(app, "en")


@pytest.fixture(scope="module")
def locked_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("locked")
    open_store(data_dir, passphrase=SECRET).close()  # no device: no keys to seal, quick
    return data_dir


def _ok(buttons: QDialogButtonBox) -> None:
    buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_the_unlock_dialog_refuses_a_wrong_passphrase_and_stays_open(
    qtbot: QtBot, locked_store: Path, french: None
) -> None:
    dialog = UnlockDialog(store_file(locked_store))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.windowTitle() == "ICATI Desktop est verrouillé"
    dialog.field.setText("pas la bonne phrase")
    _ok(dialog.buttons)
    assert dialog.isVisible()
    assert dialog.passphrase is None
    assert dialog.error.isVisible()
    assert dialog.error.text() == "Phrase secrète incorrecte. Rien n’a été ouvert\u00a0; réessayez."
    assert dialog.field.text() == ""
    dialog.field.setText(SECRET)
    _ok(dialog.buttons)
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    assert dialog.passphrase == SECRET


def test_setting_a_passphrase_warns_and_checks_what_is_typed(qtbot: QtBot) -> None:
    dialog = PassphraseDialog(protected=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.warning.isVisible()
    assert "cannot be recovered" in dialog.warning.text()
    assert not dialog.current.isVisible()  # nothing to give on an unprotected device
    dialog.new.setText("short")
    dialog.repeat.setText("short")
    _ok(dialog.buttons)
    assert dialog.error.text().startswith("The new passphrase needs at least 8 characters")
    dialog.new.setText(SECRET)
    dialog.repeat.setText(SECRET + " typo")
    _ok(dialog.buttons)
    assert dialog.error.text() == "The two new passphrases differ. Type the same one twice."
    assert dialog.change is None
    dialog.repeat.setText(SECRET)
    _ok(dialog.buttons)
    assert dialog.change is not None
    assert (dialog.change.current, dialog.change.new) == (None, SECRET)


def test_removing_it_asks_first(qtbot: QtBot, french: None) -> None:
    dialog = PassphraseDialog(protected=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.remove_button is not None
    assert dialog.remove_button.text() == "Supprimer la phrase secrète…"
    asked: list[bool] = []
    dialog.confirm_remove = lambda: asked.append(True) or False  # type: ignore[method-assign]
    dialog.current.setText(SECRET)
    dialog.remove_button.click()
    assert asked == [True]
    assert dialog.change is None  # said no: nothing happens
    dialog.confirm_remove = lambda: True  # type: ignore[method-assign]
    dialog.remove_button.click()
    assert dialog.change is not None
    assert (dialog.change.current, dialog.change.new) == (SECRET, None)


def test_file_passphrase_encrypts_the_open_store(
    qtbot: QtBot,
    tmp_path: Path,
    make_services: Callable[[Callable[[], Store]], AppServices],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data_dir = tmp_path / "field"
    store = open_store(data_dir)
    initialise_device(store, Role.FIELD, "Amina")
    store.close()
    monkeypatch.setattr(QMessageBox, "information", lambda *_args: None)
    monkeypatch.setattr(QMessageBox, "warning", lambda *_args: None)
    services = make_services(lambda: open_store(data_dir))
    settings = PassphraseSettings(services, parent_widget=None)  # type: ignore[arg-type]

    def fill(dialog: PassphraseDialog) -> bool:
        assert not dialog.protected
        dialog.new.setText(SECRET)
        dialog.repeat.setText(SECRET)
        dialog.try_accept()
        return True

    settings.ask = fill
    with qtbot.waitSignal(settings.changed, timeout=120_000):
        settings.open()
    assert settings.last_message.startswith("This device's data, keys and backups are now")
    assert is_encrypted_file(store_file(data_dir))
    # the same worker goes on with the re-encrypted store
    answers: list[bool] = []
    services.run(lambda s: s.is_encrypted, answers.append)
    qtbot.waitUntil(lambda: answers == [True], timeout=10_000)

    def wrong(dialog: PassphraseDialog) -> bool:
        assert dialog.protected
        dialog.current.setText("not the passphrase")
        dialog.new.setText("another passphrase")
        dialog.repeat.setText("another passphrase")
        dialog.try_accept()
        return True

    settings.ask = wrong
    settings.open()
    qtbot.waitUntil(lambda: "wrong" in settings.last_message, timeout=30_000)
    assert settings.last_message == "The current passphrase is wrong. Nothing was changed."


def test_a_refused_bundle_is_explained_in_french_in_plain_words(french: None) -> None:
    refusal = BundleRejected(
        RejectCode.MISSING_ATTACHMENT,
        "versions/assessment.jsonl line 3: this assessment names an attachment (3fa9…) that "
        "neither the bundle nor this device holds; ask the sender for a new bundle",
    )
    text = describe_error(refusal)
    assert text.startswith("Le fichier mentionne un document joint qu’il ne contient pas")
    assert "Rien n’a été modifié." in text
    assert text.endswith("(Code pour le support\u00a0: missing_attachment)")
    decrypt = describe_error(BundleRejected(RejectCode.DECRYPT_FAILED, "not age-encrypted to us"))
    assert "age" not in decrypt.split("(")[0].lower().split()
    assert "verrouillé" in decrypt


def test_every_refusal_has_words_for_people() -> None:
    assert [code for code in RejectCode if not has_message(code)] == []
    jargon = ("age", "manifest", "signature", "hash", "sha-256", "zip", "payload", "jsonl")
    for code in RejectCode:
        words = describe_error(BundleRejected(code, "x")).lower().replace(".", " ").split()
        assert not set(jargon) & set(words), code
