"""Roster imports: volunteers, social organisations and units from CSV or Excel files.

A tenant admin or community staff member uploads a file (:func:`services.request_import`);
a background job validates every row through the actors' own validators, reports each
problem as a row, a column, a code and its parameters (so that the portal translates it),
and imports nothing from a file with errors unless asked to import the valid rows. The
job's progress is stored on the import, for the portal to poll.
"""
