"""Fuzz targets for bpcalc (see README.md in this folder)."""
