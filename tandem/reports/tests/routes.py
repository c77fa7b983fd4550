"""URLs of the report routes in the test world (tests/support/matrix.py)."""

URLS = {
    "report_client": lambda world: f"/reports/clients/{world.owner.pk}/",
    "report_client_pdf": lambda world: f"/reports/clients/{world.owner.pk}/pdf/",
}
