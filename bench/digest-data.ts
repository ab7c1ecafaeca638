import { sql } from "drizzle-orm";
import type { BenchDatabase } from "./bench-database.ts";
import { seedNumberedPatients } from "./seed-data.ts";

/** The billing month the digest benchmark fills and reads. */
export const digestMonth = "2026-03";
export const encountersPerPatient = 30;
/** Patients added per insert statement, so one statement stays around 300,000 encounters. */
const patientsPerBatch = 10_000;

/**
 * Grows the practice to `to` enrolled patients (from `from`), each with 30 encounters in March
 * 2026 from 2 of `providerCount` providers, and inserts the claims those totals earn. Each
 * patient's total is 30 to 90 minutes, spread so that about a third are within ten minutes of
 * their next code. The 30th encounter of every patient is undone (voided), so the queries must
 * skip voided rows. Statements run inside the database (generate_series), so loading 3 million
 * encounters needs no client round trip per row.
 */
export async function growPractice(
  database: BenchDatabase,
  range: { from: number; to: number },
  providerIds: { first: number; count: number },
): Promise<void> {
  for (let start = range.from; start <= range.to; start += patientsPerBatch) {
    const end = Math.min(range.to, start + patientsPerBatch - 1);
    await seedNumberedPatients(database.db, start, end);
    await insertEncounters(database, start, end, providerIds);
  }
  await insertClaims(database, range);
}

/**
 * Thirty encounters per patient on 1 to 24 March. Active minutes add up to the patient's total
 * T = 30 + (id * 37 mod 61): every active encounter gets floor(T / 29) minutes and the first
 * T mod 29 get one more.
 */
async function insertEncounters(
  database: BenchDatabase,
  from: number,
  to: number,
  providerIds: { first: number; count: number },
): Promise<void> {
  await database.db.execute(sql`
    insert into encounters (patient_id, provider_id, provider_role, minutes, service_date, note,
      source_platform, source_channel, source_message_id, voided_at, void_reason)
    select p.id,
      ${providerIds.first}::int + (p.id + k % 2) % ${providerIds.count}::int,
      'clinical_staff',
      case when k = ${encountersPerPatient}::int then 5
        else (30 + p.id * 37 % 61) / 29 + case when k <= (30 + p.id * 37 % 61) % 29 then 1 else 0 end
      end,
      date '2026-03-01' + (k * 7 + p.id) % 24,
      'care coordination', 'slack', 'CDIGEST', p.id || '.' || k,
      case when k = ${encountersPerPatient}::int then now() end,
      case when k = ${encountersPerPatient}::int then 'undo' end
    from patients p cross join generate_series(1, ${encountersPerPatient}::int) as k
    where p.id between ${from}::int and ${to}::int`);
}

/** Inserts the claims the staff lane earns: 99490 from 20 minutes, 99439 per further 20, at most 2. */
async function insertClaims(
  database: BenchDatabase,
  range: { from: number; to: number },
): Promise<void> {
  await database.db.execute(sql`
    insert into claims (patient_id, month, code, units, status, total_minutes)
    select t.patient_id, ${digestMonth}, c.code,
      case when c.code = '99490' then 1 else least(2, (t.total - 20) / 20) end, 'pending', t.total
    from (
      select patient_id, sum(minutes)::int as total from encounters
      where voided_at is null and patient_id between ${range.from}::int and ${range.to}::int
      group by patient_id
    ) t
    join (values ('99490', 20), ('99439', 40)) as c(code, minimum) on t.total >= c.minimum`);
}

/** Updates the planner's statistics and the visibility map, as autovacuum would after a load. */
export async function analyzeTables(database: BenchDatabase): Promise<void> {
  await database.query("vacuum analyze");
}
