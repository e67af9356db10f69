"""Background jobs: arq WorkerSettings and small jobs that take ids and open the tenant
scope themselves (jobs.py), the dispatcher and reconciler that hand outbox rows to the
queue (dispatch.py), arq workers (worker.py), the embedded in-process runner used without
Redis (embedded.py), and the start/stop hooks of the portal (runtime.py)."""
