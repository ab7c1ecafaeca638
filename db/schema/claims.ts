import {
  char,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import { patients, providers } from "./people.ts";

export const claimStatuses = ["pending", "submitted", "paid", "rejected", "void"] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

/**
 * A billing code earned by one patient in one calendar month (`YYYY-MM` in the practice time
 * zone). The unique constraint makes a claim exist at most once however many logs race for it.
 */
export const claims = pgTable(
  "claims",
  {
    id: serial("id").primaryKey(),
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    month: char("month", { length: 7 }).notNull(),
    code: text("code").notNull(),
    units: integer("units").notNull().default(1),
    status: text("status").$type<ClaimStatus>().notNull().default("pending"),
    totalMinutes: integer("total_minutes").notNull(),
    practitionerId: integer("practitioner_id").references(() => providers.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique("claims_patient_month_code_unique").on(table.patientId, table.month, table.code),
    index("claims_month_idx").on(table.month),
  ],
);
