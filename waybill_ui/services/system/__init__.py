"""The running system: backups (SQLite and PostgreSQL), /healthz and the demo data.

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "backup": ["app_lock", "restore"],
        "backup_files": ["backup_path", "make_backup"],
        "demo": ["remove_demo_orders", "seed_demo"],
        "demo_history": ["seed_history"],
        "health": ["report", "scheduler_problem"],
    },
)
