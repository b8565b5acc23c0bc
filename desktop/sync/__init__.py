"""Sync between levels (design.md §4): peer cards, bundles, import and routing, the stick, the hub.

It carries the change log (`desktop.changes`) between offices and calls the services; Qt-free,
like them: the CLI's `sovang sync …` and the app call the same functions.
"""
