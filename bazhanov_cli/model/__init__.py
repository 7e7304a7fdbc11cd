"""The data: its shape (``items``, ``entries``), the table of kinds, the rules that span
fields, and loading a file against them all."""
