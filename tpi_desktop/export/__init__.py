"""tpi_desktop.export (see ../shared/design.md)."""
