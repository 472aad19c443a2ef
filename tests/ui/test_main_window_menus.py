"""The main window's menus, About box, remembered layout and the visit list page, over a real
database in ``tmp_path``."""

from __future__ import annotations

import datetime as dt

from tpi_desktop.domain import Encounter, Injection, Patient, Side, Visit
from tpi_desktop.services import Workspace
from tpi_desktop.ui.main_window import MainWindow

TODAY = dt.date.today()


def test_every_menu_command_has_a_shortcut_and_a_tip(window: MainWindow) -> None:
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Tools", "Help"]
    for name, action in window.commands.items():
        assert not action.shortcut().isEmpty(), name
        assert action.toolTip() and action.statusTip(), name
    file_menu = window.menuBar().actions()[0].menu()
    texts = [a.text().replace("&", "") for a in file_menu.actions() if not a.isSeparator()]
    for wanted in (
        "New visit",
        "Open database…",
        "Back up…",
        "Restore…",
        "Export PDF…",
        "Print…",
        "Quit",
    ):
        assert wanted in texts


def test_about_names_the_code_set_and_table_dates(window: MainWindow) -> None:
    from tpi_desktop.ui.main_window_menus import about_text

    text = about_text(window.workspace.tables)
    assert window.workspace.tables.icd.release in text
    for name, as_of in window.workspace.tables.versions:
        assert name in text and as_of in text


def test_layout_and_panels_are_remembered(qtbot, workspace: Workspace) -> None:
    first = MainWindow(workspace)
    first.show()
    first.start()
    first.commands["show_coding"].setChecked(False)
    first.resize(1120, 700)
    qtbot.wait(20)
    assert not first.coding_box.isVisible()
    first.close()
    second = MainWindow(workspace)
    second.show()
    qtbot.waitExposed(second)
    # The geometry is stored (the offscreen screen may clamp it, so the size is not compared).
    assert second.settings.restore_window(second)
    assert second.height() == 700
    assert not second.commands["show_coding"].isChecked() and not second.coding_box.isVisible()
    second.discard_changes()
    second.close()
    qtbot.wait(20)  # let queued updates run before the windows go away with this test
    first.deleteLater()
    second.deleteLater()


def test_visit_list_opens_a_visit_in_the_editor(
    qtbot, window: MainWindow, workspace: Workspace
) -> None:
    patient = workspace.save_patient(
        Patient("Haddad", "Sami", dt.date(1966, 5, 5), "M", "", "commercial")
    )
    stored = workspace.save_visit(
        Visit(
            patient,
            workspace.providers()[0],
            Encounter(
                TODAY,
                "commercial",
                injections=(Injection("soleus", Side.LEFT, 2),),
                diagnoses=("M79.18",),
            ),
        )
    )
    view = window.show_visits()
    assert view is not None and window.pages.currentWidget() is view
    view.visitOpened.emit(stored.id)
    assert window.pages.currentIndex() == 0
    assert window.visit is not None and window.visit.id == stored.id
    assert [(i.muscle_id, i.count) for i in window.picker.injections()] == [("soleus", 2)]
    assert window.form.bar.patient().last_name == "Haddad"
    assert window.panel.code_label.text().strip() == "20552"


def test_toolbar_icons_are_drawn_and_tell_commands_apart(window) -> None:  # type: ignore[no-untyped-def]
    """Every toolbar command has its own drawn icon (Save and Export PDF no longer share one)."""
    from PySide6.QtGui import QImage

    from tpi_desktop.ui import icons
    from tpi_desktop.ui.actions import ACTIONS

    images = {}
    for spec in ACTIONS:
        if spec.toolbar:
            assert spec.icon in icons.NAMES, spec.name
            image = window.commands[spec.name].icon().pixmap(24, 24).toImage()
            image = image.convertToFormat(QImage.Format.Format_ARGB32)
            painted = sum(
                1 for y in range(24) for x in range(24) if image.pixelColor(x, y).alpha() > 0
            )
            assert painted > 40, spec.name  # not blank
            images[spec.name] = image
    assert images["save"] != images["export_pdf"]
    assert len({bytes(i.constBits()) for i in images.values()}) == len(images)
