"""Imports: LinkedIn's data export, generic CSV files, and Next Round's own export/restore."""
