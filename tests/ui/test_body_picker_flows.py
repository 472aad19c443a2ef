"""The body picker with the engine (seed scenarios), naming, path syntax and layout details."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPointF, Qt

from tests.ui.picker_helpers import pick, wheel
from tpi_desktop import paths
from tpi_desktop.domain import Encounter, Injection, Side
from tpi_desktop.ui.body_picker import BodyPicker
from tpi_desktop.ui.coding_panel import CodingPanel
from tpi_desktop.ui.svg_paths import load_figure

SCENARIOS = [
    # left gastrocnemius (its two heads, 2 + 2 = 4 injections) and left soleus ×2: 2 muscles
    (
        [
            ("gastrocnemius_medial_head.left", 2),
            ("gastrocnemius_lateral_head.left", 2),
            ("soleus.left", 2),
        ],
        "20552",
        2,
    ),
    # right upper trapezius, right posterior deltoid, right supraspinatus: 3 muscles
    (
        [("upper_trapezius.right", 1), ("posterior_deltoid.right", 1), ("supraspinatus.right", 1)],
        "20553",
        3,
    ),
]


def wire_panel(picker: BodyPicker, tables, evaluate):  # type: ignore[no-untyped-def]
    """A coding panel fed by the engine on every selection change, as the main window does."""
    panel = CodingPanel()
    panel.resize(380, 700)
    panel.show()

    def on_selection(injections: tuple[Injection, ...]) -> None:
        encounter = Encounter(
            date_of_service=dt.date(2026, 6, 15), injections=injections, diagnoses=("M79.18",)
        )
        panel.show_result(evaluate(encounter, tables) if injections else None)

    picker.selectionChanged.connect(on_selection)
    return panel


@pytest.mark.parametrize(("sites", "code", "muscles"), SCENARIOS)
def test_seed_scenarios_by_clicks(
    picker: BodyPicker, qtbot, tables, evaluate, sites, code, muscles
) -> None:  # type: ignore[no-untyped-def]
    panel = wire_panel(picker, tables, evaluate)
    qtbot.addWidget(panel)
    for element_id, count in sites:
        view, pos = pick(qtbot, picker, element_id)
        for _ in range(count - 1):
            wheel(view, pos, 120)
    expected = tuple(Injection(e.rsplit(".", 1)[0], Side(e.rsplit(".", 1)[1]), n) for e, n in sites)
    assert picker.injections() == expected
    assert panel.code_label.text() == code
    assert panel.muscles_label.text() == f"{muscles} muscles"


def test_every_interactive_element_is_named(picker: BodyPicker) -> None:
    from PySide6.QtWidgets import QWidget

    picker.set_injections((Injection("soleus", Side.LEFT, 2),))
    focusable = [
        w
        for w in picker.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisibleTo(picker)
    ]
    assert len(focusable) >= 8
    for widget in focusable:
        name = widget.accessibleName() or getattr(widget, "text", lambda: "")()
        assert name, widget
        assert widget.toolTip() or (widget.parentWidget() and widget.parentWidget().toolTip()), (
            widget
        )


@pytest.mark.parametrize(
    ("relative", "absolute"),
    [
        ("m10 10 l 20 0 l 0 20 h -20 z", "M10 10 L30 10 L30 30 L10 30 Z"),
        ("M10 10 H30 V30 H10 Z", "M10 10 L30 10 L30 30 L10 30 Z"),
        ("M0 0 c 10 0 10 10 0 10 s -10 10 0 20 Z", "M0 0 C10 0 10 10 0 10 C-10 10 -10 20 0 30 Z"),
        ("M0 0 q 10 5 0 10 t 0 10 Z", "M0 0 Q10 5 0 10 Q-10 15 0 20 Z"),
        ("M0,0 L10-5 10,5z", "M0 0 L10 -5 L10 5 Z"),
    ],
)
def test_path_syntax(relative: str, absolute: str) -> None:
    from tpi_desktop.ui.svg_paths import parse_path

    a, b = parse_path(relative), parse_path(absolute)
    assert a.boundingRect() == b.boundingRect()
    assert a.elementCount() == b.elementCount()
    for i in range(a.elementCount()):
        ea, eb = a.elementAt(i), b.elementAt(i)
        assert (round(ea.x, 6), round(ea.y, 6)) == (round(eb.x, 6), round(eb.y, 6))


def test_arc_path() -> None:
    from tpi_desktop.ui.svg_paths import parse_path

    circle = parse_path("M 0 10 A 10 10 0 0 1 20 10 A 10 10 0 0 1 0 10 Z")
    box = circle.boundingRect()
    assert abs(box.width() - 20) < 0.2 and abs(box.height() - 20) < 0.2
    assert circle.contains(QPointF(10, 10)) and not circle.contains(QPointF(1, 1))


def test_long_names_are_not_cut_off(picker: BodyPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    picker.resize(360, 780)
    picker.set_injections(
        (
            Injection("frontalis", Side.LEFT, 3),
            Injection("extensor_carpi_radialis_brevis", Side.RIGHT),
        )
    )
    qtbot.wait(20)
    for row in picker.sites.rows():
        label = row.name_label
        assert label.height() >= label.heightForWidth(label.width()), label.text()
        assert label.font().pointSizeF() >= 9
    qtbot.keyClicks(picker.search.edit, "frontal")
    popup = picker.search.completer.popup()
    qtbot.waitUntil(popup.isVisible, timeout=1000)
    widest = max(
        popup.fontMetrics().horizontalAdvance(popup.model().index(r, 0).data())
        for r in range(popup.model().rowCount())
    )
    assert popup.viewport().width() >= widest


def test_badge_places_are_found_on_first_use_and_lie_inside() -> None:
    figure = load_figure(paths.resource("body", "back.svg"), "back")
    region = next(r for r in figure.regions if r.element_id == "upper_trapezius.right")
    assert all(not r._points for r in figure.regions)  # nothing computed at load
    points = region.label_points
    assert region.path.contains(region.label_point) and len(points) >= 1
    assert region.label_points is points  # computed once
    assert sum(1 for r in figure.regions if r._points) == 1


def test_a_muscle_clicked_off_and_on_again_reuses_its_row(picker: BodyPicker, qtbot) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, picker, "upper_trapezius.right")
    pick(qtbot, picker, "soleus.left")
    trapezius = picker.sites.rows()[0]
    trapezius.spin.setValue(4)
    qtbot.mouseClick(trapezius.remove, Qt.MouseButton.LeftButton)
    assert [r.key for r in picker.sites.rows()] == [("soleus", "left")]
    assert trapezius.isHidden()
    pick(qtbot, picker, "upper_trapezius.right")
    rows = picker.sites.rows()
    assert [r.key for r in rows] == [("soleus", "left"), ("upper_trapezius", "right")]
    assert rows[1] is trapezius and not trapezius.isHidden()
    assert trapezius.spin.value() == 1  # the new count, not the old row's 4
    assert picker.injections()[1] == Injection("upper_trapezius", Side.RIGHT, 1)


def test_the_regions_are_read_after_the_first_frame_and_unpickable_ones_greyed_then(
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    """The first frame draws the SVG alone; the regions (ElementTree) are read right after it,
    and a region whose muscle cannot be picked is then greyed."""
    from PySide6.QtGui import QColor

    from tpi_desktop.ui import palette
    from tpi_desktop.ui.body_scene import BodyView

    figure = load_figure(paths.resource("body", "back.svg"), "back")
    assert not figure.regions_read
    view = BodyView(figure, lambda m, s: m, lambda muscle: muscle != "upper_trapezius")
    qtbot.addWidget(view)
    view.resize(300, 640)
    painted = view.grab()  # the first frame: nothing selected, no region needed
    assert not figure.regions_read
    view.show()
    qtbot.waitUntil(lambda: bool(view._bounds))  # read and parsed after that frame
    region = next(r for r in figure.regions if r.element_id == "upper_trapezius.right")
    point = view.view_transform().map(region.label_point).toPoint()
    grey = QColor(palette.REGION_DISABLED_HEX)
    before = painted.toImage().pixelColor(point)
    after = view.grab().toImage().pixelColor(point)
    assert before != grey and after == grey
