// Crime counts by area, month and category, so that a page reads a few hundred small rows
// instead of counting crimes. Rebuilt for the months an import touched.
//
// A neighbourhood's count for a month is its street-level crimes (placed by point in
// polygon), kept here, plus the ward-level recorded counts of any force that has no
// street-level data for that month, which stay in recorded_crime_counts and are added when
// read (copying them here would double the biggest table for nothing). So a force's month
// is never counted twice. Boroughs and forces are sums of their neighbourhoods from both
// sources, kept here; the region (e.g. London) is the sum of its forces, added up when a
// page asks, so only forces with figures for the whole period count. "All crime" is the
// sum of the categories, added up when read.
import { sql } from "kysely";
import type { Db } from "./db.ts";

export async function rebuildCounts(db: Db, months: string[]): Promise<void> {
  for (let i = 0; i < months.length; i += 50) {
    const list = sql.join(months.slice(i, i + 50));
    await sql`delete from crime_counts where month in (${list})`.execute(db);
    await sql`
      insert into crime_counts (area_kind, area_id, month, category, count)
      select 'neighbourhood', neighbourhood_id, month, category, count(*)
      from street_crimes
      where month in (${list}) and neighbourhood_id is not null
      group by neighbourhood_id, month, category
    `.execute(db);
    for (const [kind, column] of [
      ["borough", sql.ref("n.borough_id")],
      ["force", sql.ref("n.force_id")],
    ] as const) {
      await sql`
        insert into crime_counts (area_kind, area_id, month, category, count)
        select ${kind}, ${column}, u.month, u.category, sum(u.n)
        from (
          select area_id as neighbourhood_id, month, category, count as n
          from crime_counts
          where area_kind = 'neighbourhood' and month in (${list})
          union all
          select r.neighbourhood_id, r.month, r.category, r.count as n
          from recorded_crime_counts r
          where r.month in (${list})
            and not exists (
              select 1 from crime_months m
              where m.force_id = r.force_id and m.month = r.month and m.source = 'street'
            )
        ) u
        join neighbourhoods n on n.id = u.neighbourhood_id
        group by ${column}, u.month, u.category
      `.execute(db);
    }
  }
}

/**
 * A neighbourhood's counts as pages read them: its street-level counts and the recorded
 * counts of forces without street-level data for the month.
 */
export async function neighbourhoodCounts(db: Db, id: string, from: string, to: string) {
  const result = await sql<{ month: string; category: string; count: number | string }>`
    select month, category, count from crime_counts
    where area_kind = 'neighbourhood' and area_id = ${id} and month >= ${from} and month <= ${to}
    union all
    select r.month, r.category, r.count from recorded_crime_counts r
    where r.neighbourhood_id = ${id} and r.month >= ${from} and r.month <= ${to}
      and not exists (
        select 1 from crime_months m
        where m.force_id = r.force_id and m.month = r.month and m.source = 'street'
      )
  `.execute(db);
  return result.rows.map((r) => ({ month: r.month, category: r.category, count: Number(r.count) }));
}
