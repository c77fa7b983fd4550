"""Who may reach each push route (see tandem/core/routes.py): everyone signed in, for their own devices."""

from tandem.core.routes import Route

ROUTES = [
    Route("push_devices", "any"),
    # The role matrix posts no body: a clear 400 for everyone signed in.
    Route("push_subscribe", "any", method="POST", ok_status=400),
    Route("push_test", "any", method="POST", ok_status=302),
    Route("push_device_remove", "owner", method="POST", ok_status=302),
]
