"""The charts' one palette: every SVG builder writes these colours into the SVG itself, as
presentation attributes (fill="#…"), so a chart draws the same on every page, in the PDF and
whatever stylesheets a page loads — CSP does not apply to presentation attributes.

Each colour has one meaning per chart, and every chart that uses more than one explains its
colours with a legend (the same brown is a high urge in one chart and a slip in another).
"""

INK = "#555d66"
"""Labels and axis text."""
GRID = "#c9ccd1"
"""Grid lines and cell outlines."""
PAPER = "#f7f6f3"
"""An empty cell."""
WHITE = "#ffffff"
TEAL = "#2f5d6e"
"""The main series: a low urge, urges in the heatmap, a trigger."""
GREEN = "#1d6b3a"
"""A day checked in."""
BROWN = "#7a4b00"
"""A middle urge level (4–7); a slip on the calendar."""
RED = "#8a1c1c"
"""A high urge level (8–10)."""

LABEL_PX = 14
"""Label size in the SVG's own units: the widest chart (416 units) shrinks to about 358 px on a
390 px phone, so 14 units stay at least 12 px on screen."""
