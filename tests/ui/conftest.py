"""Fixtures for the widget tests: offscreen Qt, QSettings isolated per test, catalog and tables.

``QT_QPA_PLATFORM`` is set here, at import, before anything imports Qt, so the tests run without
a display. Every test gets its own settings folder, so no test reads a preference another wrote
(or the user's real ones).
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from PySide6.QtCore import QCoreApplication, QSettings

from tpi_desktop import paths

if TYPE_CHECKING:
    from tpi_desktop.services import Workspace
    from tpi_desktop.ui.main_window import MainWindow

TEST_ORGANIZATION = "TPI Desktop Tests"
TEST_APPLICATION = "tpi-desktop-tests"


@pytest.fixture(autouse=True)
def _isolated_settings(qapp: object, tmp_path: Path) -> Iterator[Path]:
    """QSettings of every format and scope write under this test's ``tmp_path``."""
    folder = tmp_path / "settings"
    folder.mkdir()
    QCoreApplication.setOrganizationName(TEST_ORGANIZATION)
    QCoreApplication.setApplicationName(TEST_APPLICATION)
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(settings_format, scope, str(folder))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    yield folder


@pytest.fixture(scope="session")
def tables():  # type: ignore[no-untyped-def]
    """The code tables from ``resources/coding`` (skips when the engine has no loader yet)."""
    try:
        from tpi_desktop.coding import load_tables
    except ImportError:
        try:
            from tpi_desktop.coding.tables import load_tables  # type: ignore[no-redef]
        except ImportError:
            pytest.skip("tpi_desktop.coding has no load_tables yet")
    return load_tables(paths.resources_dir())


@pytest.fixture(scope="session")
def evaluate():  # type: ignore[no-untyped-def]
    """``tpi_desktop.coding.evaluate`` (skips when the engine is not there yet)."""
    try:
        from tpi_desktop.coding import evaluate
    except ImportError:
        pytest.skip("tpi_desktop.coding has no evaluate yet")
    return evaluate


@pytest.fixture
def picker(qtbot, catalog):  # type: ignore[no-untyped-def]
    """A shown body picker, 400 × 780, as in the window's left column."""
    from tpi_desktop.ui.body_picker import BodyPicker

    widget = BodyPicker(catalog)
    qtbot.addWidget(widget)
    widget.resize(400, 780)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def workspace(tmp_path: Path) -> Iterator[Workspace]:
    """A fresh database with one provider (tests that need other data override this)."""
    from tpi_desktop.domain import Provider
    from tpi_desktop.services import Workspace

    ws = Workspace.open(tmp_path / "tpi.sqlite3", paths.resources_dir(), user="tester")
    ws.save_provider(Provider("Dana Whitfield, MD", "1234567893"))
    yield ws
    ws.close()


@pytest.fixture
def window(qtbot, workspace: Workspace) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    """The main window on ``workspace``, started; unsaved changes dropped at teardown."""
    from tpi_desktop.ui.main_window import MainWindow

    win = MainWindow(workspace)
    win.show()
    qtbot.waitExposed(win)
    win.start()
    yield win
    win.discard_changes()  # no "unsaved changes?" question at teardown
    win.close()
    win.deleteLater()
