"""Reports: plain data about a tenant, for the portal, exports and embedding apps."""
