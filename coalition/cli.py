"""The ``coalition`` command: migrate, seed the demo, serve the portal, run job workers."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys


def _migrate(_: argparse.Namespace) -> None:
    from coalition.migrate import migrate

    asyncio.run(migrate())
    print("Migrations applied.")


def _demo(args: argparse.Namespace) -> None:
    from coalition.demo import seed_demo

    asyncio.run(seed_demo())


def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    uvicorn.run(
        "portal.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        proxy_headers=True,
    )


def _worker(args: argparse.Namespace) -> None:
    from tasks.worker import run

    run(burst=args.burst, max_jobs=args.max_jobs)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("PICCOLO_CONF", "piccolo_conf")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    parser = argparse.ArgumentParser(prog="coalition", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations").set_defaults(run=_migrate)
    demo = commands.add_parser(
        "demo", help="create the demo tenants that do not exist yet; print their logins"
    )
    demo.set_defaults(run=_demo)
    serve = commands.add_parser("serve", help="serve the portal")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(run=_serve)
    worker = commands.add_parser(
        "worker",
        help="run background jobs from Redis (COALITION_REDIS_URL); start several for more",
    )
    worker.add_argument("--burst", action="store_true", help="stop once the queue is empty")
    worker.add_argument("--max-jobs", type=int, default=10, help="jobs run at once (10)")
    worker.set_defaults(run=_worker)
    args = parser.parse_args(argv)
    args.run(args)


if __name__ == "__main__":
    main()
