"""Reports: plain data about a tenant, for the portal, exports and embedding apps.

- :mod:`~coalition.reports.overview`: what the coalition is made of;
- :mod:`~coalition.reports.hours`: hours served by volunteer, organisation, unit,
  community and alliance, and the totals;
- :mod:`~coalition.reports.needs`: the flow of needs, where they were settled, and
  dispute mediation;
- :mod:`~coalition.reports.activities`: joint activities by area;
- :mod:`~coalition.reports.commitments`: public commitments due, done and overdue.

Every report over a period takes ``start`` and ``end`` (both included, in the tenant's
time zone), may be read by anyone with a role in the tenant, and returns msgspec structs
(:mod:`~coalition.reports.schemas`).
"""
