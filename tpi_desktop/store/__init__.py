"""tpi_desktop.store (see ../shared/design.md)."""
