// Which neighbourhood is this point in? A static R-tree (flatbush) over the areas' bounding
// boxes narrows a point to the few areas whose box holds it; the exact point-in-polygon test
// decides among them. Built once from the boundaries and shared by the importer, the postcode
// lookup and /api/locate-neighbourhood.
import Flatbush from "flatbush";
import { type BoundingBox, boundingBox, type Geometry, placeInGeometry } from "./geometry.ts";

export type IndexedArea = { id: string; geometry: Geometry };

export class AreaIndex {
  readonly size: number;
  readonly #areas: IndexedArea[];
  readonly #tree: Flatbush | undefined;
  readonly #boxes: BoundingBox[];

  constructor(areas: IndexedArea[]) {
    // Sorted by id, so that when a point lies on the shared edge of two areas the same
    // area wins every time, whatever order the boundaries were loaded in.
    this.#areas = [...areas].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.#boxes = this.#areas.map((a) => boundingBox(a.geometry));
    this.size = this.#areas.length;
    if (this.size === 0) return;
    const tree = new Flatbush(this.size);
    for (const box of this.#boxes) tree.add(box.minLng, box.minLat, box.maxLng, box.maxLat);
    tree.finish();
    this.#tree = tree;
  }

  /**
   * The id of the area holding the point, or undefined. A point strictly inside an area beats
   * one on an area's edge; among areas whose edge it is on, the lowest id wins.
   */
  locate(lat: number, lng: number): string | undefined {
    if (!this.#tree) return undefined;
    const candidates = this.#tree.search(lng, lat, lng, lat).sort((a, b) => a - b);
    let onEdge: string | undefined;
    for (const i of candidates) {
      const placed = placeInGeometry(lng, lat, this.#areas[i].geometry);
      if (placed === "inside") return this.#areas[i].id;
      if (placed === "boundary" && onEdge === undefined) onEdge = this.#areas[i].id;
    }
    return onEdge;
  }

  /** Every area whose bounding box meets the box (a first cut for polygon queries). */
  areasMeeting(box: BoundingBox): string[] {
    if (!this.#tree) return [];
    return this.#tree
      .search(box.minLng, box.minLat, box.maxLng, box.maxLat)
      .map((i) => this.#areas[i].id);
  }
}
