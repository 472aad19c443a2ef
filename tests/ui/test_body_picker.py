"""The body picker: real clicks on every region of both SVG files, hover, wheel, menu, keyboard.

Points to click are found from the region shapes (a grid scan with ``QPainterPath.contains``)
and checked against an independent oracle: the SVG file rendered by QSvgRenderer alone must show
the region fill colour there (and not show it at the "outside" points).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtSvg import QSvgRenderer

from tests.ui.picker_helpers import (
    ALL_REGIONS,
    accent_pixels,
    click,
    find_region,
    inside_point,
    inside_point_and_clearance,
    near,
    outside_point,
    pick,
    region_ids,
    svg_image,
    wheel,
)
from tpi_desktop import paths
from tpi_desktop.domain import Injection, Side
from tpi_desktop.ui import palette
from tpi_desktop.ui.body_picker import EMPTY_TEXT, BodyPicker
from tpi_desktop.ui.body_scene import BodyView
from tpi_desktop.ui.svg_paths import load_figure


def test_both_figures_have_regions() -> None:
    assert len(region_ids("front")) >= 20
    assert len(region_ids("back")) >= 20


def test_parser_agrees_with_qtsvg() -> None:
    """Every parsed region's bounding box matches QSvgRenderer's bounds for that element."""
    for view in ("front", "back"):
        file = paths.resource("body", f"{view}.svg")
        renderer = QSvgRenderer(str(file))
        figure = load_figure(file, view)
        assert [r.element_id for r in figure.regions] == region_ids(view)
        for region in figure.regions:
            theirs = renderer.boundsOnElement(region.element_id)
            ours = region.path.boundingRect()
            for a, b in (
                (ours.left(), theirs.left()),
                (ours.top(), theirs.top()),
                (ours.right(), theirs.right()),
                (ours.bottom(), theirs.bottom()),
            ):
                assert abs(a - b) < 1.0, (region.element_id, ours, theirs)


@pytest.mark.parametrize(("view_name", "element_id"), ALL_REGIONS)
def test_click_every_region(
    picker: BodyPicker, qtbot, catalog, view_name: str, element_id: str
) -> None:  # type: ignore[no-untyped-def]
    view: BodyView = getattr(picker, view_name)
    region = find_region(view, element_id)
    muscle_id, side = element_id.rsplit(".", 1)
    assert (region.muscle_id, region.side) == (muscle_id, side)
    assert muscle_id in catalog
    pos, clearance = inside_point_and_clearance(view, region)
    oracle = svg_image(view)
    # Regions only a few pixels wide blend with their stroke: allow for it there.
    tolerance = 6 if clearance == 2 else 40
    assert near(oracle.pixelColor(pos), palette.REGION_FILL_HEX, tolerance), "not a region pixel"

    expected = (Injection(muscle_id, Side(side), 1),)
    with qtbot.waitSignal(picker.selectionChanged, timeout=1000) as blocker:
        click(qtbot, view, pos)
    assert blocker.args == [expected]
    assert picker.injections() == expected
    assert accent_pixels(view, region) > 0

    with qtbot.waitSignal(picker.selectionChanged, timeout=1000) as blocker:
        click(qtbot, view, pos)
    assert blocker.args == [()]
    assert accent_pixels(view, region) == 0

    outside = outside_point(view, region, pos)
    assert not near(oracle.pixelColor(outside), palette.REGION_FILL_HEX, 6)
    with qtbot.assertNotEmitted(picker.selectionChanged):
        click(qtbot, view, outside)
    assert picker.injections() == ()


def test_empty_state(picker: BodyPicker) -> None:
    assert picker.empty.isVisible()
    assert picker.empty.text() == EMPTY_TEXT == "Click a muscle or type its name to start"


def test_hover_tooltip_and_highlight(picker: BodyPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = picker.back
    region = find_region(view, "upper_trapezius.right")
    pos = inside_point(view, region)
    qtbot.mouseMove(view, pos)
    qtbot.waitUntil(lambda: view.toolTip() == "Right trapezius (upper fibers)", timeout=1000)
    colour = view.grab().toImage().pixelColor(pos)
    assert near(colour, palette.ACCENT_HOVER_HEX, 10)
    qtbot.mouseMove(view, QPoint(2, 2))
    qtbot.waitUntil(lambda: view.toolTip() != "Right trapezius (upper fibers)", timeout=1000)


def test_wheel_changes_the_count(picker: BodyPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    view, pos = pick(qtbot, picker, "soleus.left")
    with qtbot.waitSignal(picker.selectionChanged) as blocker:
        wheel(view, pos, 120)
    assert blocker.args == [(Injection("soleus", Side.LEFT, 2),)]
    wheel(view, pos, 120)
    wheel(view, pos, 60)  # half a notch: nothing yet
    assert picker.injections() == (Injection("soleus", Side.LEFT, 3),)
    for _ in range(5):
        wheel(view, pos, -120)
    assert picker.injections() == (Injection("soleus", Side.LEFT, 1),)  # never below 1


def test_context_menu_counts_and_remove(picker: BodyPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    key = ("supraspinatus", "right")
    menu = picker.back.context_menu(key)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[0] == "Right supraspinatus"
    assert texts[1:11] == ["1 injection"] + [f"{n} injections" for n in range(2, 11)]
    assert texts[-1] == "Remove"
    next(a for a in menu.actions() if a.text() == "4 injections").trigger()
    assert picker.injections() == (Injection("supraspinatus", Side.RIGHT, 4),)
    menu = picker.back.context_menu(key)
    assert next(a for a in menu.actions() if a.text() == "4 injections").isChecked()
    next(a for a in menu.actions() if a.text() == "Remove").trigger()
    assert picker.injections() == ()


def test_site_list_rows(picker: BodyPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, picker, "upper_trapezius.right")
    pick(qtbot, picker, "soleus.left")
    rows = picker.sites.rows()
    assert [r.name_label.accessibleName() for r in rows] == [
        "Right trapezius (upper fibers)",
        "Left soleus",
    ]
    for row in rows:
        for widget in (row.spin, row.remove):
            assert widget.accessibleName() and widget.toolTip()
    with qtbot.waitSignal(picker.selectionChanged) as blocker:
        rows[1].spin.setValue(3)
    assert blocker.args[0][1] == Injection("soleus", Side.LEFT, 3)
    assert picker.summary.text() == "2 sites · 4 injections"
    with qtbot.waitSignal(picker.selectionChanged):
        qtbot.mouseClick(picker.sites.rows()[0].remove, Qt.MouseButton.LeftButton)
    assert picker.injections() == (Injection("soleus", Side.LEFT, 3),)


def test_keyboard_pick_typed_side(picker: BodyPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = picker.search.edit
    edit.setFocus()
    qtbot.keyClicks(edit, "rig upp trap")
    with qtbot.waitSignal(picker.selectionChanged) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert blocker.args == [(Injection("upper_trapezius", Side.RIGHT, 1),)]
    qtbot.waitUntil(lambda: edit.text() == "", timeout=1000)


def test_keyboard_pick_from_completion(picker: BodyPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    edit = picker.search.edit
    edit.setFocus()
    qtbot.keyClicks(edit, "upper trap")
    popup = picker.search.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=1000)
    labels = [popup.model().index(r, 0).data() for r in range(popup.model().rowCount())]
    assert labels[:2] == ["Right trapezius (upper fibers)", "Left trapezius (upper fibers)"]
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(picker.selectionChanged) as blocker:
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert blocker.args == [(Injection("upper_trapezius", Side.LEFT, 1),)]


def test_side_toggle_and_deep_muscle(picker: BodyPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    picker.search.left.setFocus()
    qtbot.keyClick(picker.search.left, Qt.Key.Key_Space)
    assert picker.search.side() is Side.LEFT
    edit = picker.search.edit
    qtbot.keyClicks(edit, "psoas")
    with qtbot.waitSignal(picker.selectionChanged) as blocker:
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert blocker.args == [(Injection("psoas_major", Side.LEFT, 1),)]
    assert "not drawn on the figure" in picker.sites.rows()[0].name_label.text()
    qtbot.keyClicks(edit, "zzz nothing")
    with qtbot.assertNotEmitted(picker.selectionChanged):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert "No muscle" in picker.search.message.text()


def test_keyboard_on_the_figure(picker: BodyPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = picker.front
    view.setFocus()
    qtbot.waitUntil(view.hasFocus, timeout=1000)
    qtbot.keyClick(view, Qt.Key.Key_Right)
    with qtbot.waitSignal(picker.selectionChanged) as blocker:
        qtbot.keyClick(view, Qt.Key.Key_Space)
    (injection,) = blocker.args[0]
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert picker.injections() == (Injection(injection.muscle_id, injection.side, 2),)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert picker.injections() == ()


def test_region_in_both_views_highlights_both(picker: BodyPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    both = {r.element_id for r in picker.front.regions()} & {
        r.element_id for r in picker.back.regions()
    }
    assert both, "no muscle is drawn on both views"
    element_id = sorted(both)[0]
    click(qtbot, picker.front, inside_point(picker.front, find_region(picker.front, element_id)))
    assert accent_pixels(picker.back, find_region(picker.back, element_id)) > 0


def test_set_injections_emits_once(picker: BodyPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    values = (Injection("soleus", Side.LEFT, 2), Injection("psoas_major", Side.RIGHT, 1))
    with qtbot.waitSignals([picker.selectionChanged]) as blocker:
        picker.set_injections(values)
    assert picker.injections() == values
    emitted: list[object] = []
    picker.selectionChanged.connect(emitted.append)
    picker.set_injections(values)
    assert emitted == []
    picker.clear()
    assert emitted == [()]
    assert blocker.signal_triggered


def test_read_only_refuses_clicks(picker: BodyPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    picker.set_injections((Injection("soleus", Side.LEFT, 2),))
    picker.set_read_only(True)
    view = picker.back
    pos = inside_point(view, find_region(view, "upper_trapezius.right"))
    with qtbot.assertNotEmitted(picker.selectionChanged):
        click(qtbot, view, pos)
        wheel(view, inside_point(view, find_region(view, "soleus.left")), 120)
    assert picker.injections() == (Injection("soleus", Side.LEFT, 2),)
    assert not picker.search.isEnabled()
