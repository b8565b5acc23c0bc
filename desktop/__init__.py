"""Sổ Vàng: records of emulation and commendation work for commune and district offices."""

__version__ = "0.1.0"
