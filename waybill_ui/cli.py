"""`waybill-ui` command line (README; `waybill-ui --help`). Every command honours the WAYBILL_* settings."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from waybill_ui.config import load_settings


def _db(settings):
    from waybill_ui.db import open_database

    return open_database(settings.db_url)


def cmd_serve(settings, args) -> int:
    from waybill_ui.app import run
    from waybill_ui.services.system.backup import app_lock

    from contextlib import nullcontext

    # SQLite serves one app process per data folder; on PostgreSQL several may share one
    # (docs/scaling.md), and the scheduler picks a leader among them (jobs/leader.py).
    sqlite = settings.db_url.startswith("sqlite")
    try:
        with app_lock(settings.data_dir) if sqlite else nullcontext():
            print(f"waybill_ui on {settings.base_url()}  (data: {settings.data_dir})", flush=True)
            run(settings)
    except RuntimeError as exc:
        print(f"cannot start: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_create_user(settings, args) -> int:
    from waybill_ui.services.accounts import users

    password = args.password
    if password is None:
        import getpass

        password = getpass.getpass("Password: ")
    principal = users.create_user(_db(settings), username=args.username, password=password, role=args.role)
    print(f"created {principal.role} account {principal.username!r}")
    return 0


def cmd_reset_password(settings, args) -> int:
    from waybill_ui.services.accounts import users

    users.reset_password(_db(settings), username=args.username, password=args.password)
    print(f"password of {args.username!r} set; login waits cleared; sessions and API tokens ended")
    return 0


def cmd_backup(settings, args) -> int:
    from waybill_ui.services.system.backup import backup

    db = _db(settings)  # brings the schema up to date first, so the copy is current
    db.dispose()
    if db.is_postgres:
        from waybill_ui.services.system import backup_pg

        dest = backup_pg.dump(db.url, Path(args.path))
    else:
        dest = backup(settings.db_path, Path(args.path))
    print(f"backup written to {dest}")
    return 0


def cmd_restore(settings, args) -> int:
    from waybill_ui.services.system.backup import restore

    if settings.db_path is None:  # PostgreSQL: pg_restore into the configured database
        from waybill_ui.services.system import backup_pg

        backup_pg.restore(Path(args.path), settings.db_url)
    else:
        restore(Path(args.path), settings.db_path, data_dir=settings.data_dir)
    _db(settings).dispose()  # an older backup is migrated to the current schema
    print(f"restored {args.path} into {settings.db_path or 'the PostgreSQL database'}")
    return 0


def cmd_seed_demo(settings, args) -> int:
    from waybill_ui.services.system.demo import seed_demo

    from waybill_ui.sandbox.store import SandboxStore

    network = SandboxStore(settings.data_dir / "sandbox.db")  # the embedded network's own records
    try:
        result = seed_demo(
            _db(settings),
            orders=args.orders,
            balance_fen=args.balance_fen,
            seed=args.seed,
            history_days=args.days,
            network_seed=settings.sandbox_seed,
            enter_network=lambda n, c, to, at: network.enter(n, c, to, at.timestamp()),
        )
    finally:
        network.close()
    print(
        f"demo data added: {result['orders']} orders waiting, {result['shipped']} shipped over the last "
        f"{args.days} days, balance +{result['balance_fen'] / 100:.2f} yuan"
    )
    return 0


def cmd_import_orders(settings, args) -> int:
    from waybill_ui.services.orders import importing as orders_import

    path = Path(args.file)
    if not path.is_file():
        raise FileNotFoundError(f"no such file: {path}")

    def progress(fraction: float) -> None:
        print(f"\r  {fraction * 100:5.1f} %", end="", file=sys.stderr, flush=True)

    report = orders_import.import_orders(
        _db(settings),
        data=path,
        filename=path.name,
        actor="cli",
        progress=progress if sys.stderr.isatty() else None,
        shop_id=getattr(args, "shop", None),
    )
    print(
        f"imported {report.imported} new, updated {report.updated}, left {report.skipped_shipped} shipped orders "
        f"unchanged, kept {report.external_numbers} numbers of orders shipped elsewhere ({report.encoding})"
    )
    for problem in report.rejected:
        print(f"row {problem.row}: {problem.order_no or '-'}: {problem.reason('en')}")
    if report.rejected:
        print(f"{len(report.rejected)} rows not imported")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="waybill-ui", description="Self-hosted waybill, shipping and tracking desk.")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("serve", help="start the app (default)").set_defaults(func=cmd_serve)

    p = sub.add_parser("create-user", help="add an account")
    p.add_argument("username")
    p.add_argument("--password", help="no prompt when given")
    p.add_argument("--role", choices=["owner", "staff"], default="staff")
    p.set_defaults(func=cmd_create_user)

    p = sub.add_parser("reset-password", help="set a new password, clear login waits, end sessions and API tokens")
    p.add_argument("username")
    p.add_argument("--password", required=True)
    p.set_defaults(func=cmd_reset_password)

    p = sub.add_parser("backup", help="consistent copy of the database, also while the app runs")
    p.add_argument("path")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help="put a backup back (stop the app first)")
    p.add_argument("path")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser("seed-demo", help="demo orders and a starting balance, marked as demo")
    p.add_argument("--orders", type=int, default=300)
    p.add_argument("--balance-fen", type=int, default=200_000)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--days", type=int, default=45, help="days of shipped history (0: none)")
    p.set_defaults(func=cmd_seed_demo)

    p = sub.add_parser("import-orders", help="import a marketplace order export (CSV/XLSX), report printed")
    p.add_argument("file")
    p.add_argument(
        "--shop",
        type=int,
        default=None,
        help="the shop id the orders go into (needed with several active shops; GET /api/v1/shops lists them)",
    )
    p.set_defaults(func=cmd_import_orders)
    return parser


def main(argv: list[str] | None = None) -> int:
    from waybill_ui.services.common.errors import ServiceError

    args = build_parser().parse_args(argv)
    settings = load_settings()
    func = getattr(args, "func", cmd_serve)
    try:
        return func(settings, args)
    except ServiceError as exc:
        print(f"error: {exc.message('en')}", file=sys.stderr)
        return 2
    except (ValueError, RuntimeError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
