// Crime counts by area, month and category, kept in crime_counts so that a page reads a few
// hundred small rows instead of counting crimes. Rebuilt for the months an import touched.
//
// A neighbourhood's count for a month is its street-level crimes (assigned by point in
// polygon) plus any ward-level recorded counts of a force that has no street-level data for
// that month (so a force's month is never counted twice). Boroughs and forces are sums of
// their neighbourhoods (the region, e.g. London, is the sum of its forces, added up when a
// page asks, so that only forces with figures for the whole period count); "all-crime" is
// the sum of the categories.
import { sql } from "kysely";
import type { Db } from "./db.ts";

export async function rebuildCounts(db: Db, months: string[]): Promise<void> {
  if (months.length === 0) return;
  for (let i = 0; i < months.length; i += 50) {
    const some = months.slice(i, i + 50);
    const list = sql.join(some);
    await sql`delete from crime_counts where month in (${list})`.execute(db);
    await sql`
      insert into crime_counts (area_kind, area_id, month, category, count)
      select 'neighbourhood', neighbourhood_id, month, category, count(*)
      from street_crimes
      where month in (${list}) and neighbourhood_id is not null
      group by neighbourhood_id, month, category
    `.execute(db);
    // Summed into the street-level counts where another force has both in one area.
    await sql`
      insert into crime_counts (area_kind, area_id, month, category, count)
      select 'neighbourhood', r.neighbourhood_id, r.month, r.category, r.count
      from recorded_crime_counts r
      where r.month in (${list})
        and not exists (
          select 1 from crime_months m
          where m.force_id = r.force_id and m.month = r.month and m.source = 'street'
        )
      on conflict (area_kind, area_id, month, category)
      do update set count = crime_counts.count + excluded.count
    `.execute(db);
    await sql`
      insert into crime_counts (area_kind, area_id, month, category, count)
      select 'neighbourhood', area_id, month, 'all-crime', sum(count)
      from crime_counts
      where area_kind = 'neighbourhood' and month in (${list})
      group by area_id, month
    `.execute(db);
    await sql`
      insert into crime_counts (area_kind, area_id, month, category, count)
      select 'borough', n.borough_id, c.month, c.category, sum(c.count)
      from crime_counts c join neighbourhoods n on n.id = c.area_id
      where c.area_kind = 'neighbourhood' and c.month in (${list})
      group by n.borough_id, c.month, c.category
    `.execute(db);
    await sql`
      insert into crime_counts (area_kind, area_id, month, category, count)
      select 'force', n.force_id, c.month, c.category, sum(c.count)
      from crime_counts c join neighbourhoods n on n.id = c.area_id
      where c.area_kind = 'neighbourhood' and c.month in (${list})
      group by n.force_id, c.month, c.category
    `.execute(db);
  }
}
