"""Use cases: one function each, one transaction each, plain data back. No Qt.

The GUI and the command line call these and nothing below them.
"""

import desktop.changes  # noqa: F401  every write a service makes goes through the change log
