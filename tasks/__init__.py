"""Background jobs (arq WorkerSettings and small jobs that take ids and open the tenant scope
themselves). The jobs themselves come with the notification and import work."""
