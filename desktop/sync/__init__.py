"""Sync between levels (design.md §4): site identity and keys, peer cards, and later bundles.

Qt-free, like the services; the CLI's `sovang sync …` and the app call the same functions.
"""
