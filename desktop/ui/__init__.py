"""The Qt layer (PySide6 only here): windows and widgets that call the services."""
