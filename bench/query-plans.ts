import type { BenchDatabase, CapturedQuery } from "./bench-database.ts";

/** The plan of one query as EXPLAIN (ANALYZE, BUFFERS) printed it, with what it used. */
export interface QueryPlan {
  label: string;
  sql: string;
  text: string;
  /** Server-side execution time from the plan, in milliseconds. */
  executionMs: number;
  /** Indexes the plan reads, in order of first use. */
  indexes: string[];
  /** Tables read by a sequential scan. */
  sequentialScans: string[];
}

/**
 * Runs each query again under EXPLAIN (ANALYZE, BUFFERS) with its captured parameters and reads
 * the execution time, the indexes and the sequential scans from the plan text.
 */
export async function explainQueries(
  database: BenchDatabase,
  queries: readonly CapturedQuery[],
  labelOf: (query: CapturedQuery, position: number) => string,
): Promise<QueryPlan[]> {
  const plans: QueryPlan[] = [];
  for (const [position, query] of queries.entries()) {
    const rows = await database.query(`explain (analyze, buffers) ${query.sql}`, query.params);
    const text = rows.map((row) => String(row["QUERY PLAN"])).join("\n");
    plans.push({
      label: labelOf(query, position),
      sql: query.sql,
      text,
      executionMs: Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? Number.NaN),
      indexes: unique([...text.matchAll(/Index (?:Only )?Scan (?:Backward )?(?:using|on) (\w+)/g)]),
      sequentialScans: unique([...text.matchAll(/Seq Scan on (\w+)/g)]),
    });
  }
  return plans;
}

function unique(matches: RegExpMatchArray[]): string[] {
  return [...new Set(matches.map((match) => match[1] ?? ""))];
}

/** Formats plans as one text file: each query's label, SQL, parameters and plan. */
export function formatPlans(
  title: string,
  plans: readonly QueryPlan[],
  queries: readonly CapturedQuery[],
): string {
  const parts = [title, ""];
  plans.forEach((plan, position) => {
    parts.push(
      `== ${plan.label}`,
      plan.sql,
      `-- parameters: ${JSON.stringify(queries[position]?.params ?? [])}`,
      plan.text,
      "",
    );
  });
  return parts.join("\n");
}
