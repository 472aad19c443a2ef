"""tpi_desktop.ui (see ../shared/design.md)."""
