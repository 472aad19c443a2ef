"""Nothing in the encounter form is cut off at 1280×800, whatever view the splitter shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from tpi_desktop import paths
from tpi_desktop.services import Workspace, fill_demo
from tpi_desktop.ui.main_window import MainWindow
from tpi_desktop.ui.screenshot import SPLITS, prepare_window
from tpi_desktop.ui.settings import Settings

INPUTS = (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QTextEdit,
)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with a few demo visits (built once for the module)."""
    path = tmp_path_factory.mktemp("demo") / "tpi.sqlite3"
    ws = Workspace.open(path, paths.resources_dir(), user="tester")
    fill_demo(ws, visits=12)
    ws.close()
    return path


@pytest.fixture
def workspace(demo_db: Path) -> Iterator[Workspace]:
    ws = Workspace.open(demo_db, paths.resources_dir(), user="tester")
    yield ws
    ws.close()


def _window(workspace: Workspace, tmp_path: Path, view: str) -> MainWindow:
    settings = Settings(QSettings(str(tmp_path / "shot.ini"), QSettings.Format.IniFormat))
    return prepare_window(workspace, settings, view)


def _clipped(window: MainWindow) -> list[str]:
    """Visible form inputs whose geometry leaves the scroll area's viewport sideways."""
    viewport = window.form_scroll.viewport()
    area = viewport.rect()
    out = []
    for widget in window.form.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or not widget.isVisibleTo(window.form):
            continue
        if isinstance(widget.parent(), INPUTS):
            continue  # the arrows inside a spin box, the line edit inside a combo box
        top_left = widget.mapTo(viewport, QPoint(0, 0))
        rect = QRect(top_left, widget.size())
        if rect.left() < area.left() or rect.right() > area.right():
            out.append(f"{widget.objectName() or type(widget).__name__}: {rect} not in {area}")
    return out


@pytest.mark.parametrize("view", sorted(SPLITS))
def test_form_inputs_are_never_clipped(qtbot, workspace: Workspace, tmp_path, view) -> None:
    window = _window(workspace, tmp_path, view)
    try:
        assert window.visit is not None and window.visit.encounter.drugs  # a full form
        assert _clipped(window) == []
    finally:
        window.discard_changes()
        window.close()
        window.deleteLater()


def test_form_column_cannot_be_dragged_narrower_than_the_form(
    qtbot, workspace: Workspace, tmp_path
) -> None:
    window = _window(workspace, tmp_path, "visit")
    try:
        window.splitter.setSizes([2000, 1, 2000])
        QApplication.processEvents()
        assert window.form_scroll.width() >= window.form.minimumSizeHint().width()
        assert _clipped(window) == []
        window.form.drugs.add_row()  # a new row: the form may grow wider
        QApplication.processEvents()
        window.splitter.setSizes([2000, 1, 2000])
        QApplication.processEvents()
        assert _clipped(window) == []
    finally:
        window.discard_changes()
        window.close()
        window.deleteLater()


def _combo_text_room(combo: QComboBox) -> int:
    from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    return field.width()


def test_visit_bar_shows_patient_and_payer_in_full(qtbot, workspace: Workspace, tmp_path) -> None:
    from tpi_desktop.domain import Patient
    from tpi_desktop.ui.form_patient import patient_label

    window = _window(workspace, tmp_path, "visit")
    bar = window.form.bar
    try:
        patient = Patient("Quintero", "Elodie", dt.date(1949, 6, 3), member_id="2JU3NH5MK73")
        bar.set_patient(patient)
        assert bar.minimumSizeHint().width() <= window.width()  # the bar itself never clips
        label = patient_label(patient)
        QApplication.processEvents()
        search = bar.patient_search
        clear_button = 28  # the line edit's clear button and its margins
        assert search.fontMetrics().horizontalAdvance(label) + clear_button <= search.width()
        assert label in search.toolTip()
        for index in range(bar.payer.count()):
            bar.set_payer(bar.payer.itemData(index))
            QApplication.processEvents()
            name = bar.payer.currentText()
            assert bar.payer.fontMetrics().horizontalAdvance(name) <= _combo_text_room(bar.payer)
            assert name in bar.payer.toolTip()
        provider = bar.provider.currentText()
        assert bar.provider.fontMetrics().horizontalAdvance(provider) <= _combo_text_room(
            bar.provider
        )
    finally:
        window.discard_changes()
        window.close()
        window.deleteLater()
