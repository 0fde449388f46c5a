"""People and sessions: accounts, roles, API tokens, login throttling, browser sessions,
secrets shared between processes and the audit trail.

The use cases below can be imported from this package; each lives in the module named.
"""

from waybill_ui.services import exposed

__all__, __getattr__ = exposed(
    __name__,
    {
        "api_tokens": ["create_api_token", "list_api_tokens", "revoke_api_token", "token_principal"],
        "audit": ["record", "record_many"],
        "login_throttle": ["clear", "list_blocked", "record_failure", "seconds_to_wait"],
        "sessions": [
            "begin_login",
            "complete_login",
            "end",
            "end_everything_for_user",
            "list_live",
            "lookup",
            "still_live",
        ],
        "users": [
            "authenticate",
            "change_password",
            "clear_login_wait",
            "create_first_owner",
            "create_user",
            "reset_password",
            "set_language",
            "update_user",
        ],
    },
)
