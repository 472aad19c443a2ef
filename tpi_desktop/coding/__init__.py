"""tpi_desktop.coding (see ../shared/design.md)."""
