import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  asGeometry,
  distanceMetres,
  type Geometry,
  largestOuterRing,
  placeInGeometry,
  placeInRing,
  pointInside,
  type Ring,
  withinMetres,
} from "./geometry.ts";
import { AreaIndex } from "./spatial-index.ts";

const square = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

/** A square with a square hole in the middle. */
const donut: Geometry = { type: "Polygon", coordinates: [square(0, 0, 4, 4), square(1, 1, 3, 3)] };
/** Two islands, the second with a lake. */
const islands: Geometry = {
  type: "MultiPolygon",
  coordinates: [[square(0, 0, 1, 1)], [square(10, 10, 14, 14), square(11, 11, 13, 13)]],
};

describe("point in polygon", () => {
  test("inside, outside and in a hole", () => {
    assert.equal(placeInGeometry(0.5, 0.5, donut), "inside");
    assert.equal(placeInGeometry(2, 2, donut), "outside", "the hole is not part of the area");
    assert.equal(placeInGeometry(5, 2, donut), "outside");
    assert.equal(placeInGeometry(-0.0001, 2, donut), "outside");
  });

  test("points on an outer edge, a hole's edge and a vertex are on the boundary", () => {
    assert.equal(placeInGeometry(0, 2, donut), "boundary");
    assert.equal(placeInGeometry(4, 4, donut), "boundary");
    assert.equal(placeInGeometry(1, 2, donut), "boundary", "edge of the hole");
    assert.equal(placeInGeometry(3, 3, donut), "boundary", "corner of the hole");
  });

  test("a ray through a vertex counts it once", () => {
    const diamond: Ring = [
      [0, 1],
      [1, 0],
      [2, 1],
      [1, 2],
      [0, 1],
    ];
    assert.equal(placeInRing(1, 1, diamond), "inside");
    assert.equal(placeInRing(-1, 1, diamond), "outside", "ray passes exactly through two vertices");
    assert.equal(placeInRing(3, 1, diamond), "outside");
  });

  test("multipolygons: every part counts, holes in a part do not", () => {
    assert.equal(placeInGeometry(0.5, 0.5, islands), "inside");
    assert.equal(placeInGeometry(10.5, 12, islands), "inside");
    assert.equal(placeInGeometry(12, 12, islands), "outside", "in the second island's lake");
    assert.equal(placeInGeometry(5, 5, islands), "outside", "between the islands");
    assert.equal(placeInGeometry(1, 0.5, islands), "boundary");
  });

  test("an unclosed ring is closed implicitly", () => {
    const open: Ring = [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
    ];
    assert.equal(placeInRing(1, 1, open), "inside");
    assert.equal(placeInRing(0, 1, open), "boundary");
  });

  test("agrees with a winding-number count for random points (property)", () => {
    const star: Ring = [];
    for (let k = 0; k < 10; k++) {
      const r = k % 2 === 0 ? 5 : 2;
      const a = (k * Math.PI) / 5;
      star.push([r * Math.cos(a), r * Math.sin(a)]);
    }
    star.push(star[0]);
    const winding = (x: number, y: number) => {
      let w = 0;
      for (let i = 0; i + 1 < star.length; i++) {
        const [x1, y1] = star[i];
        const [x2, y2] = star[i + 1];
        const cross = (x2 - x1) * (y - y1) - (x - x1) * (y2 - y1);
        if (y1 <= y && y2 > y && cross > 0) w++;
        else if (y1 > y && y2 <= y && cross < 0) w--;
      }
      return w !== 0;
    };
    fc.assert(
      fc.property(
        fc.double({ min: -6, max: 6, noNaN: true }),
        fc.double({ min: -6, max: 6, noNaN: true }),
        (x, y) => {
          const placed = placeInRing(x, y, star);
          if (placed === "boundary") return true;
          return (placed === "inside") === winding(x, y);
        },
      ),
      { numRuns: 5000 },
    );
  });

  test("a point inside is found even for a C-shaped area whose centroid is outside it", () => {
    const c: Geometry = {
      type: "Polygon",
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 1],
          [1, 1],
          [1, 2],
          [3, 2],
          [3, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    const p = pointInside(c);
    assert.equal(placeInGeometry(p.lng, p.lat, c), "inside");
  });

  test("the largest outer ring is chosen for a multipolygon", () => {
    assert.equal(largestOuterRing(islands)[0][0], 10);
  });

  test("GeoJSON geometries are checked", () => {
    assert.equal(asGeometry({ type: "Point", coordinates: [0, 0] }), undefined);
    assert.equal(asGeometry({ type: "Polygon", coordinates: [[[0, 0]]] }), undefined);
    assert.equal(
      asGeometry({
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [999, 0],
          ],
        ],
      }),
      undefined,
    );
    assert.deepEqual(
      asGeometry({
        type: "Polygon",
        coordinates: [
          [
            [0, 0, 5],
            [1, 0],
            [1, 1],
          ],
        ],
      }),
      {
        type: "Polygon",
        coordinates: [
          [
            [0, 0],
            [1, 0],
            [1, 1],
          ],
        ],
      },
    );
  });

  test("one mile is about 1609 metres", () => {
    const d = distanceMetres(51.5, -0.1, 51.5 + 1609.344 / 111_195, -0.1);
    assert.ok(Math.abs(d - 1609.344) < 1, `got ${d}`);
  });

  test("within a distance: the same answer as the great-circle distance, near the edge too (property)", () => {
    const degrees = (max: number) => fc.double({ min: -max, max, noNaN: true });
    fc.assert(
      fc.property(
        degrees(85),
        degrees(179),
        fc.double({ min: 10, max: 20_000, noNaN: true }),
        // Offsets of up to about twice the radius, most of them close to the edge.
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        (lat, lng, metres, scale, angle) => {
          const reach = (metres * (scale > 1.5 ? scale : 0.97 + scale * 0.04)) / 111_195;
          const pointLat = lat + reach * Math.sin(angle);
          const pointLng = lng + (reach * Math.cos(angle)) / Math.cos((lat * Math.PI) / 180);
          assert.equal(
            withinMetres(lat, lng, metres)(pointLat, pointLng),
            distanceMetres(lat, lng, pointLat, pointLng) <= metres,
          );
        },
      ),
      { numRuns: 5000 },
    );
  });
});

describe("area index", () => {
  const left: Geometry = { type: "Polygon", coordinates: [square(0, 0, 1, 1)] };
  const right: Geometry = { type: "Polygon", coordinates: [square(1, 0, 2, 1)] };

  test("finds the area holding a point, and none outside every area", () => {
    const index = new AreaIndex([
      { id: "B", geometry: right },
      { id: "A", geometry: left },
      { id: "D", geometry: donut },
    ]);
    assert.equal(index.locate(0.5, 0.5), "A");
    assert.equal(index.locate(0.5, 1.5), "B");
    assert.equal(index.locate(5, 5), undefined);
  });

  test("a point on the edge two areas share goes to the same area every time", () => {
    const one = new AreaIndex([
      { id: "B", geometry: right },
      { id: "A", geometry: left },
    ]);
    const other = new AreaIndex([
      { id: "A", geometry: left },
      { id: "B", geometry: right },
    ]);
    assert.equal(one.locate(0.5, 1), "A");
    assert.equal(other.locate(0.5, 1), "A");
  });

  test("a point strictly inside one area beats the edge of another that overlaps it", () => {
    const index = new AreaIndex([
      { id: "A", geometry: { type: "Polygon", coordinates: [square(0, 0, 1, 1)] } },
      { id: "Z", geometry: { type: "Polygon", coordinates: [square(0.5, 0, 3, 3)] } },
    ]);
    assert.equal(index.locate(0.5, 0.5), "A", "inside A and on the edge of Z");
  });

  test("a point in a hole falls to the area that fills the hole", () => {
    const index = new AreaIndex([
      { id: "D", geometry: donut },
      { id: "H", geometry: { type: "Polygon", coordinates: [square(1, 1, 3, 3)] } },
    ]);
    assert.equal(index.locate(2, 2), "H");
    assert.equal(index.locate(0.5, 0.5), "D");
  });

  test("an empty index finds nothing", () => {
    assert.equal(new AreaIndex([]).locate(0, 0), undefined);
  });
});
