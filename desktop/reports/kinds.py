"""The documents `sovang print` knows, named without importing reportlab (the parser needs them)."""

KINDS = (
    "decision",
    "proposal",
    "minutes",
    "achievement-report",
    "public-list",
    "registrations",
    "certificates",
    "certificate-calibration",
    "annual-report",
)
