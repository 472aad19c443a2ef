"""The action registry: every menu and toolbar command, its text, shortcut and tip, in one table.

The main window builds its menus and toolbar from ``ACTIONS`` and connects each action's
``triggered`` signal to its ``_on_<name>`` slot, so a new command is one row here and one slot
there. Standard keys (``QKeySequence.StandardKey``) are used where the platform has one, so the
shortcuts feel native on Windows, macOS and Linux.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QWidget

from tpi_desktop.ui import icons

StandardKey = QKeySequence.StandardKey


@dataclass(frozen=True, slots=True)
class ActionSpec:
    """One command: ``name`` is also the slot suffix (``_on_<name>``)."""

    name: str
    text: str
    tip: str
    keys: tuple[StandardKey | str, ...] = ()
    icon: str | None = None  # a name in ui/icons.py
    menu: str = ""
    toolbar: bool = False
    separator_before: bool = False


ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "new_visit",
        "&New visit",
        "Start a new visit",
        (StandardKey.New,),
        "new_visit",
        "file",
        True,
    ),
    ActionSpec(
        "open_database",
        "&Open database…",
        "Open another TPI Desktop database",
        (StandardKey.Open,),
        "open_database",
        "file",
    ),
    ActionSpec(
        "save",
        "&Save draft",
        "Save this visit as a draft",
        (StandardKey.Save,),
        "save",
        "file",
        True,
        True,
    ),
    ActionSpec(
        "finalize",
        "&Finalize…",
        "Finalize this visit (checks what blocks it first)",
        ("Ctrl+Shift+F",),
        "finalize",
        "file",
        True,
    ),
    ActionSpec(
        "amend",
        "&Amend",
        "Correct a finalized visit (keeps the original)",
        ("Ctrl+Shift+A",),
        "amend",
        "file",
        True,
    ),
    ActionSpec(
        "backup",
        "&Back up…",
        "Write a backup copy of the database",
        ("Ctrl+Shift+B",),
        None,
        "file",
        False,
        True,
    ),
    ActionSpec(
        "restore",
        "&Restore…",
        "Replace the database with a backup",
        ("Ctrl+Shift+R",),
        None,
        "file",
    ),
    ActionSpec(
        "export_pdf",
        "&Export PDF…",
        "Write the claim summary PDF",
        ("Ctrl+E",),
        "export_pdf",
        "file",
        True,
        True,
    ),
    ActionSpec(
        "print", "&Print…", "Print the claim summary", (StandardKey.Print, "Ctrl+P"), None, "file"
    ),
    ActionSpec(
        "print_preview",
        "Print pre&view…",
        "Show the claim summary page by page before printing",
        ("Ctrl+Shift+P",),
        None,
        "file",
    ),
    ActionSpec(
        "quit",
        "&Quit",
        "Close TPI Desktop",
        (StandardKey.Quit, "Ctrl+Q"),
        None,
        "file",
        False,
        True,
    ),
    ActionSpec(
        "undo",
        "&Undo",
        "Undo the last change",
        (StandardKey.Undo,),
        "undo",
        "edit",
        True,
        True,
    ),
    ActionSpec(
        "redo",
        "&Redo",
        "Redo the change undone",
        (StandardKey.Redo, "Ctrl+Y"),
        "redo",
        "edit",
        True,
    ),
    ActionSpec(
        "find_patient",
        "Find &patient",
        "Jump to the patient search box",
        (StandardKey.Find,),
        None,
        "edit",
        False,
        True,
    ),
    ActionSpec(
        "show_picker", "&Body figure", "Show or hide the body figure", ("Ctrl+1",), None, "view"
    ),
    ActionSpec(
        "show_coding", "&Coding panel", "Show or hide the coding panel", ("Ctrl+2",), None, "view"
    ),
    ActionSpec(
        "show_visits",
        "&Visits list",
        "Show the list of visits",
        ("Ctrl+L",),
        "visits",
        "view",
        True,
        True,
    ),
    ActionSpec(
        "practice",
        "&Practice…",
        "Practice name, address, NPI and tax id",
        ("Ctrl+Alt+P",),
        None,
        "tools",
    ),
    ActionSpec(
        "providers",
        "P&roviders…",
        "Rendering providers and their NPIs",
        ("Ctrl+Alt+R",),
        None,
        "tools",
    ),
    ActionSpec(
        "payers",
        "Payers and &fees…",
        "Payer rules and fee schedules",
        ("Ctrl+Alt+F",),
        None,
        "tools",
    ),
    ActionSpec(
        "reports",
        "Re&ports…",
        "Sessions per patient, visits per month and charges per payer",
        ("Ctrl+Alt+O",),
        None,
        "tools",
        False,
        True,
    ),
    ActionSpec(
        "about",
        "&About TPI Desktop",
        "Version, code set release and table dates",
        (StandardKey.HelpContents, "F1"),
        None,
        "help",
    ),
)

MENUS: tuple[tuple[str, str], ...] = (
    ("file", "&File"),
    ("edit", "&Edit"),
    ("view", "&View"),
    ("tools", "&Tools"),
    ("help", "&Help"),
)


def _sequences(keys: tuple[StandardKey | str, ...]) -> list[QKeySequence]:
    """Key sequences for the specs' keys, dropping standard keys this platform lacks."""
    out: list[QKeySequence] = []
    for key in keys:
        found = (
            QKeySequence.keyBindings(key) if isinstance(key, StandardKey) else [QKeySequence(key)]
        )
        for sequence in found:
            if not sequence.isEmpty() and sequence not in out:
                out.append(sequence)
    return out


def build_actions(parent: QWidget) -> dict[str, QAction]:
    """One QAction per spec, parented to ``parent`` so its shortcuts work anywhere in it."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(spec.text, parent)
        action.setObjectName(f"action_{spec.name}")
        sequences = _sequences(spec.keys)
        action.setShortcuts(sequences)
        shortcut = (
            f" ({sequences[0].toString(QKeySequence.SequenceFormat.NativeText)})"
            if sequences
            else ""
        )
        action.setToolTip(spec.tip + shortcut)
        action.setStatusTip(spec.tip)
        if spec.icon is not None:
            action.setIcon(icons.icon(spec.icon))
        else:
            action.setIcon(QIcon())
        actions[spec.name] = action
    return actions
