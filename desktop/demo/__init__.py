"""Realistic demo data: a commune with ten years of award history that obeys the rules."""
