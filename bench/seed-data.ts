import { sql } from "drizzle-orm";
import type { Database } from "../db/client.ts";
import { type ProviderRole, patients, providers } from "../db/schema/index.ts";
import type { RosterEntry } from "../src/patients/types.ts";
import { normalizePatientName } from "../src/services/normalize-name.ts";
import type { Provider } from "../src/services/providers.ts";

/** First day that every benchmark enrollment covers. */
export const enrolledSince = "2025-12-01";

const insertBatchSize = 1_000;

/** Inserts `count` active Slack providers `UBENCH1…` with `role`; returns them in id order. */
export async function seedProviders(
  db: Database,
  count: number,
  role: ProviderRole = "clinical_staff",
): Promise<Provider[]> {
  return db
    .insert(providers)
    .values(
      Array.from({ length: count }, (_, position) => ({
        platform: "slack" as const,
        platformUserId: `UBENCH${position + 1}`,
        displayName: `Bench Provider ${position + 1}`,
        role,
      })),
    )
    .returning();
}

/**
 * Inserts the roster's patients in multi-row batches and enrolls every one of them in CCM with
 * consent since `enrolledSince`. Returns the database ids in roster order.
 */
export async function seedRosterPatients(
  db: Database,
  roster: readonly RosterEntry[],
): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < roster.length; start += insertBatchSize) {
    const batch = roster.slice(start, start + insertBatchSize);
    const rows = await db
      .insert(patients)
      .values(
        batch.map((entry) => ({
          name: entry.name,
          nameNormalized: normalizePatientName(entry.name),
          mrn: entry.mrn,
          aliases: [...(entry.aliases ?? [])],
        })),
      )
      .returning({ id: patients.id });
    ids.push(...rows.map((row) => row.id));
  }
  await enrollAllPatients(db);
  return ids;
}

/**
 * Inserts patients numbered `from` to `to` with generated names and MRNs, in one statement, and
 * enrolls them. For large rosters whose names matter only for initials.
 */
export async function seedNumberedPatients(db: Database, from: number, to: number): Promise<void> {
  await db.execute(sql`
    insert into patients (name, name_normalized, mrn)
    select 'Given' || g || ' Family' || (g % 997), 'given' || g || ' family' || (g % 997),
           (5000000 + g)::text
    from generate_series(${from}::int, ${to}::int) as g`);
  await enrollAllPatients(db);
}

/** Enrolls every patient that has no enrollment yet. */
async function enrollAllPatients(db: Database): Promise<void> {
  await db.execute(sql`
    insert into enrollments (patient_id, program, conditions, consent_type, consent_date,
      consent_obtained_by, told_cost_sharing, told_one_practitioner, told_right_to_stop, starts_on)
    select p.id, 'ccm', '["diabetes", "hypertension"]'::jsonb, 'verbal', ${enrolledSince},
      'Bench Nurse', true, true, true, ${enrolledSince}
    from patients p
    where not exists (select 1 from enrollments e where e.patient_id = p.id)`);
}
