"""tpi_desktop.services (see ../shared/design.md)."""
