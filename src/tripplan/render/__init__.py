"""Renderers: rows and findings to a Rich table, JSON or (later) ICS."""
