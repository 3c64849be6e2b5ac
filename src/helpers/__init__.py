"""Helpers for the tariff-timeline notebooks: every stage's logic lives here."""

__version__ = "0.1.0"
