// Plane geometry on WGS84 longitude/latitude, as GeoJSON writes it ([longitude, latitude]).
// Areas are small (a ward is a few km across), so treating degrees as a plane is exact enough
// for "which area is this point in"; distances use the haversine formula.

export type Position = [number, number];
/** A linear ring: first and last positions are the same (GeoJSON), or implicitly closed. */
export type Ring = Position[];
/** An outer ring followed by its holes. */
export type PolygonCoordinates = Ring[];
export type Geometry =
  | { type: "Polygon"; coordinates: PolygonCoordinates }
  | { type: "MultiPolygon"; coordinates: PolygonCoordinates[] };

export type BoundingBox = { minLng: number; minLat: number; maxLng: number; maxLat: number };

/** Where a point is relative to a shape. "boundary" means on an edge or a vertex. */
export type Placement = "inside" | "boundary" | "outside";

/**
 * Ray casting (crossing number) with an explicit on-edge test first, so a point on an edge
 * or a vertex is reported as "boundary" rather than falling either way by rounding.
 */
export function placeInRing(lng: number, lat: number, ring: Ring): Placement {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (onSegment(lng, lat, xi, yi, xj, yj)) return "boundary";
    // Half-open rule on y: an edge counts if it straddles the ray's line, which makes a ray
    // through a vertex count that vertex once.
    if (yi > lat !== yj > lat) {
      const x = xi + ((lat - yi) * (xj - xi)) / (yj - yi);
      if (lng < x) inside = !inside;
    }
  }
  return inside ? "inside" : "outside";
}

function onSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number) {
  if (px < Math.min(ax, bx) || px > Math.max(ax, bx)) return false;
  if (py < Math.min(ay, by) || py > Math.max(ay, by)) return false;
  const cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  // Coordinates carry 6 decimal places (about 0.1 m); anything this close is on the line.
  const length = Math.hypot(bx - ax, by - ay);
  return Math.abs(cross) <= 1e-9 * Math.max(length, 1e-9);
}

/** A polygon with holes: inside the outer ring and not inside any hole. */
export function placeInPolygon(lng: number, lat: number, polygon: PolygonCoordinates): Placement {
  if (polygon.length === 0) return "outside";
  const outer = placeInRing(lng, lat, polygon[0]);
  if (outer !== "inside") return outer;
  for (let h = 1; h < polygon.length; h++) {
    const hole = placeInRing(lng, lat, polygon[h]);
    if (hole === "inside") return "outside";
    if (hole === "boundary") return "boundary";
  }
  return "inside";
}

export function placeInGeometry(lng: number, lat: number, geometry: Geometry): Placement {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let result: Placement = "outside";
  for (const polygon of polygons) {
    const placed = placeInPolygon(lng, lat, polygon);
    if (placed === "inside") return "inside";
    if (placed === "boundary") result = "boundary";
  }
  return result;
}

export function boundingBox(geometry: Geometry): BoundingBox {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const [lng, lat] of polygon[0] ?? []) {
      if (lng < minLng) minLng = lng;
      if (lng > maxLng) maxLng = lng;
      if (lat < minLat) minLat = lat;
      if (lat > maxLat) maxLat = lat;
    }
  }
  return { minLng, minLat, maxLng, maxLat };
}

/** Signed area of a ring in square degrees (shoelace); positive when anticlockwise. */
function ringArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return sum / 2;
}

/** The outer ring of the largest polygon: what police.uk's /boundary endpoint lists. */
export function largestOuterRing(geometry: Geometry): Ring {
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  let best: Ring = [];
  let bestArea = -1;
  for (const polygon of polygons) {
    const area = Math.abs(ringArea(polygon[0] ?? []));
    if (area > bestArea) {
      bestArea = area;
      best = polygon[0] ?? [];
    }
  }
  return best;
}

/**
 * A point that is inside the shape, for a label or "centre": the centroid of the largest
 * outer ring when that is inside, otherwise the middle of the widest horizontal run through
 * the ring at the centroid's latitude.
 */
export function pointInside(geometry: Geometry): { lat: number; lng: number } {
  const ring = largestOuterRing(geometry);
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    a += f;
    cx += (ring[j][0] + ring[i][0]) * f;
    cy += (ring[j][1] + ring[i][1]) * f;
  }
  if (a !== 0) {
    cx /= 3 * a;
    cy /= 3 * a;
    if (placeInGeometry(cx, cy, geometry) === "inside") return { lat: cy, lng: cx };
  } else if (ring.length > 0) {
    return { lat: ring[0][1], lng: ring[0][0] };
  }
  const crossings: number[] = [];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > cy !== yj > cy) crossings.push(xi + ((cy - yi) * (xj - xi)) / (yj - yi));
  }
  crossings.sort((x, y) => x - y);
  let best = { lat: cy, lng: crossings[0] ?? cx };
  let width = -1;
  for (let k = 0; k + 1 < crossings.length; k += 2) {
    if (crossings[k + 1] - crossings[k] > width) {
      width = crossings[k + 1] - crossings[k];
      best = { lat: cy, lng: (crossings[k] + crossings[k + 1]) / 2 };
    }
  }
  return best;
}

const EARTH_RADIUS_METRES = 6_371_008.8;

export function distanceMetres(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * "Within `metres` of this point", giving exactly what `distanceMetres(...) <= metres` gives
 * but mostly without trigonometry (which was a tenth of a crimes-street request): a
 * flat-earth distance, within 1 % of the great-circle one for circles up to 10 km away from
 * the poles, settles every point clearly inside or outside, and only points within 1 % of
 * the edge are measured exactly.
 */
export function withinMetres(
  lat: number,
  lng: number,
  metres: number,
): (pointLat: number, pointLng: number) => boolean {
  const rad = Math.PI / 180;
  const perDegreeLat = EARTH_RADIUS_METRES * rad;
  const perDegreeLng = perDegreeLat * Math.cos(lat * rad);
  const surelyIn = (metres * 0.99) ** 2;
  const surelyOut = (metres * 1.01) ** 2;
  const flatIsClose = metres <= 10_000 && Math.abs(lat) <= 70;
  return (pointLat, pointLng) => {
    if (flatIsClose) {
      const dy = (pointLat - lat) * perDegreeLat;
      const dx = (pointLng - lng) * perDegreeLng;
      const squared = dx * dx + dy * dy;
      if (squared <= surelyIn) return true;
      if (squared > surelyOut) return false;
    }
    return distanceMetres(lat, lng, pointLat, pointLng) <= metres;
  };
}

/** The box around a circle, for a first cut by index before the exact distance test. */
export function boxAround(lat: number, lng: number, metres: number): BoundingBox {
  const dLat = (metres / EARTH_RADIUS_METRES) * (180 / Math.PI);
  const dLng = dLat / Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
  return { minLat: lat - dLat, maxLat: lat + dLat, minLng: lng - dLng, maxLng: lng + dLng };
}

/** Checks a parsed GeoJSON geometry and returns it typed, or undefined if it is not one we use. */
export function asGeometry(value: unknown): Geometry | undefined {
  if (!value || typeof value !== "object") return undefined;
  const g = value as { type?: unknown; coordinates?: unknown };
  const isRing = (r: unknown) =>
    Array.isArray(r) &&
    r.length >= 3 &&
    r.every(
      (p) =>
        Array.isArray(p) &&
        p.length >= 2 &&
        Number.isFinite(p[0]) &&
        Number.isFinite(p[1]) &&
        Math.abs(p[0]) <= 180 &&
        Math.abs(p[1]) <= 90,
    );
  const isPolygon = (p: unknown) => Array.isArray(p) && p.length > 0 && p.every(isRing);
  if (g.type === "Polygon" && isPolygon(g.coordinates)) {
    return { type: "Polygon", coordinates: strip(g.coordinates as PolygonCoordinates) };
  }
  if (
    g.type === "MultiPolygon" &&
    Array.isArray(g.coordinates) &&
    g.coordinates.length > 0 &&
    g.coordinates.every(isPolygon)
  ) {
    return {
      type: "MultiPolygon",
      coordinates: (g.coordinates as PolygonCoordinates[]).map(strip),
    };
  }
  return undefined;
}

/** Keeps only [lng, lat] of each position (drops any altitude). */
function strip(polygon: PolygonCoordinates): PolygonCoordinates {
  return polygon.map((ring) => ring.map((p) => [p[0], p[1]] as Position));
}
