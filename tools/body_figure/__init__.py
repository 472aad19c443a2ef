"""The table and the writer behind tools/build_body_svgs.py (standard library only)."""
