"""The award catalog and the eligibility engine: judge a proposed award from plain data.

No Qt and no database here: `desktop.services.eligibility` builds cases from the records, and
`sovang eligibility` reads them from JSON (docs/eligibility.md).
"""
