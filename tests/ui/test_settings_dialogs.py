"""Practice, Providers and Payers dialogs over a real database: save, refuse, keep the text."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from tpi_desktop import paths
from tpi_desktop.domain import Practice, Provider
from tpi_desktop.services import InvalidValue, Workspace
from tpi_desktop.ui.dialog_payers import PayersDialog, parse_codes
from tpi_desktop.ui.dialog_practice import PracticeDialog
from tpi_desktop.ui.dialog_providers import ProvidersDialog
from tpi_desktop.ui.money import format_cents, parse_cents, try_parse_cents
from tpi_desktop.ui.settings_dialogs import field_of, reason_of

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SHOTS = Path("/tmp/ui_check2")
GOOD_NPI, OTHER_NPI, BAD_NPI = "1234567893", "1245319599", "1234567890"


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))


@pytest.fixture
def workspace(tmp_path: Path):
    ws = Workspace.open(tmp_path / "settings.sqlite3", paths.resources_dir(), user="test")
    yield ws
    ws.close()


def _show(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _shot(dialog: QDialog, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    scale = os.environ.get("QT_SCALE_FACTOR", "1")
    assert dialog.grab().save(str(SHOTS / f"{name}@{scale}.png"))


# --- money ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cents"),
    [("52", 5200), ("$52.00", 5200), ("1,234.5", 123450), (".75", 75), ("$ 60.1", 6010), ("0", 0)],
)
def test_parse_cents(text: str, cents: int) -> None:
    assert parse_cents(text) == cents
    assert parse_cents(format_cents(cents)) == cents


@pytest.mark.parametrize("text", ["", "abc", "52.005", "-5", "1,23", "$", "5e3", "99999999"])
def test_parse_cents_refuses_with_a_reason(text: str) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        parse_cents(text)
    assert try_parse_cents(text) is None


def test_format_cents() -> None:
    assert format_cents(5200) == "$52.00"
    assert format_cents(123456) == "$1,234.56"
    assert format_cents(None, blank="—") == "—"


# --- routing service errors to fields ------------------------------------------------------


def test_service_errors_land_on_the_field_they_name() -> None:
    words = {"npi": "npi", "name": "provider name"}
    error = InvalidValue("provider.npi", "1234567890 fails the NPI check digit")
    assert field_of(error, words) == "npi"
    assert reason_of(error) == "1234567890 fails the NPI check digit"
    assert field_of(ValueError("npi: must be 10 digits"), words) == "npi"
    assert field_of(ValueError("database is locked"), words) is None


# --- practice --------------------------------------------------------------------------------


def test_practice_dialog_saves_to_the_database(qtbot, workspace) -> None:
    dialog = _show(qtbot, PracticeDialog(workspace))
    dialog.name.setText("Lakeside Pain Clinic")
    dialog.address.setPlainText("12 Harbor Road\nPortland, ME 04101")
    dialog.npi.setText(GOOD_NPI)
    dialog.tax_id.setText("12-3456789")
    _shot(dialog, "practice")
    qtbot.mouseClick(dialog.buttons.buttons()[0], Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert workspace.practice() == Practice(
        "Lakeside Pain Clinic", "12 Harbor Road\nPortland, ME 04101", GOOD_NPI, "12-3456789"
    )
    again = PracticeDialog(workspace)
    qtbot.addWidget(again)
    assert again.name.text() == "Lakeside Pain Clinic"


def test_practice_dialog_refuses_a_bad_npi_at_the_field(qtbot, workspace) -> None:
    dialog = _show(qtbot, PracticeDialog(workspace))
    dialog.name.setText("Lakeside Pain Clinic")
    dialog.npi.setText(BAD_NPI)
    dialog.tax_id.setText("12345")
    dialog.buttons.accepted.emit()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert set(dialog.problems()) == {"npi", "tax_id"}
    assert "check digit" in dialog.marks["npi"].reason
    assert dialog.marks["npi"].label.isVisible()
    assert dialog.npi.text() == BAD_NPI  # nothing lost
    _shot(dialog, "practice_error")
    assert workspace.practice() == Practice()


# --- providers -------------------------------------------------------------------------------


def test_providers_dialog_adds_and_edits(qtbot, workspace) -> None:
    workspace.save_provider(Provider("Dana Whitfield, MD", GOOD_NPI, "208VP0014X"))
    dialog = _show(qtbot, ProvidersDialog(workspace))
    assert dialog.table.rowCount() == 1 and dialog.name.text() == "Dana Whitfield, MD"
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.name, "Marcus Oyelaran, DO")
    qtbot.keyClicks(dialog.npi, OTHER_NPI)
    assert not dialog.table.isEnabled()  # locked while the form has changes
    with qtbot.waitSignal(dialog.providerSaved) as saved:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = {p.npi: p for p in workspace.providers()}
    assert stored[OTHER_NPI].name == "Marcus Oyelaran, DO" and stored[OTHER_NPI].id == saved.args[0]
    assert dialog.table.rowCount() == 2 and dialog.table.isEnabled()
    _shot(dialog, "providers")
    # edit the first one's taxonomy
    dialog.table.selectRow(0)
    dialog.taxonomy.clear()
    qtbot.keyClicks(dialog.taxonomy, "2084p0800x")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert {p.npi: p.taxonomy for p in workspace.providers()}[GOOD_NPI] == "2084P0800X"


def test_providers_dialog_refuses_a_bad_npi_and_keeps_the_text(qtbot, workspace) -> None:
    dialog = _show(qtbot, ProvidersDialog(workspace))
    qtbot.keyClicks(dialog.name, "Pat Typo, MD")
    qtbot.keyClicks(dialog.npi, BAD_NPI)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert list(dialog.problems()) == ["npi"]
    assert "check digit" in dialog.marks["npi"].reason
    assert dialog.npi.text() == BAD_NPI and dialog.name.text() == "Pat Typo, MD"
    assert workspace.providers() == ()
    _shot(dialog, "providers_error")
    dialog.revert()  # else closing asks whether to drop the changes


def test_providers_dialog_shows_the_stores_refusal_at_its_field(qtbot, workspace) -> None:
    dialog = _show(qtbot, ProvidersDialog(workspace))
    qtbot.keyClicks(dialog.name, "x" * 250)  # the UI does not cap the name; the store does
    qtbot.keyClicks(dialog.npi, GOOD_NPI)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "name" in dialog.problems() and "200" in dialog.problems()["name"]
    assert workspace.providers() == ()
    dialog.revert()


# --- payers ----------------------------------------------------------------------------------


def test_payers_dialog_saves_a_fee_in_cents(qtbot, workspace) -> None:
    dialog = _show(qtbot, PayersDialog(workspace))
    dialog.select_payer("medicare")
    assert ("20552", "52.00") in dialog.fee_rows()
    dialog.set_fee("20552", "$55.50")
    assert dialog.is_dirty() and not dialog.payers.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    stored = {s.payer_id: s for s in workspace.payer_settings()}["medicare"]
    assert stored.fees == {"20552": 5550}  # only what differs from the code tables
    assert stored.frequency_limit is None and stored.covered_diagnoses is None
    assert workspace.payer_profile("medicare").fees["20552"] == 5550
    assert workspace.payer_profile("medicare").fees["20553"] == 6000
    assert not dialog.is_dirty() and dialog.payers.isEnabled()


def test_payers_dialog_saves_limit_and_covered_diagnoses(qtbot, workspace) -> None:
    dialog = _show(qtbot, PayersDialog(workspace))
    dialog.select_payer("medicare")
    assert dialog.limit.value() == 3
    dialog.limit.setValue(4)
    dialog.covered.setPlainText("M79.11, M79.12\nM7918 M79.7")
    _shot(dialog, "payers")
    dialog.save_button.click()
    stored = {s.payer_id: s for s in workspace.payer_settings()}["medicare"]
    assert stored.frequency_limit == 4
    assert stored.covered_diagnoses == ("M79.11", "M79.12", "M79.18", "M79.7")
    assert stored.fees is None


def test_payers_dialog_refuses_bad_values_and_keeps_them(qtbot, workspace) -> None:
    dialog = _show(qtbot, PayersDialog(workspace))
    dialog.select_payer("commercial")
    dialog.set_fee("20553", "seventy")
    dialog.set_fee("2055", "10")
    dialog.covered.setPlainText("M79.11 XYZ")
    dialog.save_button.click()
    problems = dialog.problems()
    assert set(problems) == {"fees", "covered_diagnoses"}
    assert "20553" in problems["fees"] and "2055" in problems["fees"]
    assert "XYZ" in problems["covered_diagnoses"]
    assert ("20553", "seventy") in dialog.fee_rows()  # nothing lost
    assert dialog.covered.toPlainText() == "M79.11 XYZ"
    assert {s.payer_id: s for s in workspace.payer_settings()}["commercial"].fees is None
    _shot(dialog, "payers_error")
    dialog.revert()


def test_payers_dialog_will_not_drop_a_limit_the_code_tables_set(qtbot, workspace) -> None:
    dialog = _show(qtbot, PayersDialog(workspace))
    dialog.select_payer("medicare")
    dialog.limit.setValue(0)
    dialog.save_button.click()
    assert "frequency_limit" in dialog.problems()
    dialog.revert()
    assert not dialog.is_dirty() and dialog.limit.value() == 3


def test_parse_codes() -> None:
    assert parse_codes(" m79.11,M79.12;\n m54.2 ") == ["M79.11", "M79.12", "M54.2"]


def test_dialogs_remember_their_geometry(qtbot, workspace) -> None:
    first = _show(qtbot, PracticeDialog(workspace))
    first.resize(510, 380)  # fits the offscreen screen at 150 %
    first.reject()
    second = _show(qtbot, PracticeDialog(workspace))
    assert (second.width(), second.height()) == (510, 380)


def test_closing_with_unsaved_changes_asks_first(qtbot, workspace) -> None:
    dialog = _show(qtbot, ProvidersDialog(workspace))
    qtbot.keyClicks(dialog.name, "Unsaved, MD")
    answers: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, lambda: answer(button))
            return
        answers.append(box.text())
        box.button(button).click()

    QTimer.singleShot(20, lambda: answer(QMessageBox.StandardButton.Cancel))
    dialog.reject()
    assert dialog.isVisible() and dialog.name.text() == "Unsaved, MD"  # kept
    QTimer.singleShot(20, lambda: answer(QMessageBox.StandardButton.Discard))
    dialog.reject()
    assert not dialog.isVisible()
    assert len(answers) == 2 and "unsaved changes" in answers[0]


def test_payer_window_and_repeat_interval_are_saved(qtbot, tmp_path) -> None:
    """The practice's own window and repeat interval reach the database and the engine."""
    from tpi_desktop import paths
    from tpi_desktop.services import Workspace
    from tpi_desktop.ui.dialog_payers import PayersDialog

    ws = Workspace.open(tmp_path / "w.sqlite3", paths.resources_dir(), user="tester")
    try:
        dialog = PayersDialog(ws)
        qtbot.addWidget(dialog)
        dialog.payers.setCurrentRow(
            next(
                i
                for i in range(dialog.payers.count())
                if "ommercial" in dialog.payers.item(i).text()
            )
        )
        dialog.window_days.setValue(180)
        dialog.repeat_days.setValue(30)
        settings = dialog.settings()
        assert settings is not None
        ws.save_payer_settings(settings)
        profile = ws.payer_profile("commercial")
        assert (profile.window_days, profile.repeat_interval_days) == (180, 30)
    finally:
        ws.close()
