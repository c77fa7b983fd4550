"""System checks for PDF reports: a warning where WeasyPrint's libraries are missing (see pdf.py).

A warning, not an error: everything but the PDF works without them, and `make run` promises to
need nothing but Python. A deployment that must make PDFs sets TANDEM_PDF_REQUIRED, and then
`check --deploy` fails without them.
"""

from django.conf import settings
from django.core import checks

from . import pdf


def _skipped(app_configs) -> bool:
    return app_configs is not None and not any(config.name == "tandem.reports" for config in app_configs)


@checks.register()
def pdf_libraries(app_configs, **kwargs):
    if _skipped(app_configs) or pdf.pdf_available():
        return []
    return [
        checks.Warning(
            "PDF downloads are off: WeasyPrint cannot load the Pango and HarfBuzz libraries "
            f"(Debian/Ubuntu: apt-get install {pdf.PACKAGES}). Every other page works.",
            id="tandem.W001",
        )
    ]


@checks.register(deploy=True)
def pdf_required(app_configs, **kwargs):
    if _skipped(app_configs) or not settings.TANDEM_PDF_REQUIRED or pdf.pdf_available():
        return []
    return [
        checks.Error(
            "TANDEM_PDF_REQUIRED is on, but this server cannot make PDFs.",
            hint=f"Install the Pango and HarfBuzz libraries (Debian/Ubuntu: apt-get install {pdf.PACKAGES}).",
            id="tandem.E003",
        )
    ]
