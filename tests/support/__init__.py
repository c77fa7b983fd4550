"""What the tests share, kept out of the product packages (nothing under tandem/ imports it).

world       the personas every test speaks of (the `world` fixture), make_user, link, page_text
matrix      the role matrix's rule book: each route's URL in the world and its expected status
markers     the marker seeders of the leak and encryption tests
caseload    a made-up caseload written in bulk, for the query-count test and the benchmark

Each app adds its part in its own tests package, found like Django's admin finds admin.py
(`discovery.app_test_modules`): tandem/<app>/tests/routes.py holds URLS (route name -> URL
builder) and tandem/<app>/tests/markers.py holds SEEDERS ((scope, seeder) pairs).
"""
