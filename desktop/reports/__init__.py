"""Printed documents (reportlab) and Excel files (openpyxl). No Qt.

Official documents are Vietnamese whatever the screen language: their wording is fixed by the
administrative format (ND 30/2020), so document text is written here in Vietnamese and not
translated; the messages shown to the user about them go through the translation layer.
"""
