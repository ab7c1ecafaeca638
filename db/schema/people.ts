import { sql } from "drizzle-orm";
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";

/** Roles a practice gives its users; `physician` is a billing practitioner (physician or QHP). */
export const providerRoles = ["clinical_staff", "physician", "billing", "admin"] as const;
export type ProviderRole = (typeof providerRoles)[number];

export const platforms = ["slack", "teams", "console", "voice", "import"] as const;
export type Platform = (typeof platforms)[number];

/** A chat user the practice registered, identified by platform and the platform's user id. */
export const providers = pgTable(
  "providers",
  {
    id: serial("id").primaryKey(),
    platform: text("platform").$type<Platform>().notNull(),
    platformUserId: text("platform_user_id").notNull(),
    displayName: text("display_name"),
    role: text("role").$type<ProviderRole>().notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [unique("providers_platform_user_unique").on(table.platform, table.platformUserId)],
);

/** A patient of the practice; `nameNormalized` is the matching key (lower case, no accents). */
export const patients = pgTable(
  "patients",
  {
    id: serial("id").primaryKey(),
    name: text("name").notNull(),
    nameNormalized: text("name_normalized").notNull(),
    mrn: text("mrn").notNull().unique("patients_mrn_unique"),
    dateOfBirth: date("date_of_birth"),
    aliases: jsonb("aliases").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("patients_name_normalized_idx").on(table.nameNormalized)],
);

export const programs = ["ccm", "pcm"] as const;
export type Program = (typeof programs)[number];

export const consentTypes = ["verbal", "written"] as const;
export type ConsentType = (typeof consentTypes)[number];

/**
 * One enrollment period with its documented consent. `endsOn` is the last covered day: an opt-out
 * takes effect at the end of the calendar month, so it is always a month's last day when set.
 */
export const enrollments = pgTable(
  "enrollments",
  {
    id: serial("id").primaryKey(),
    patientId: integer("patient_id")
      .notNull()
      .references(() => patients.id),
    program: text("program").$type<Program>().notNull().default("ccm"),
    conditions: jsonb("conditions").$type<string[]>().notNull(),
    consentType: text("consent_type").$type<ConsentType>().notNull(),
    consentDate: date("consent_date").notNull(),
    consentObtainedBy: text("consent_obtained_by").notNull(),
    toldCostSharing: boolean("told_cost_sharing").notNull().default(false),
    toldOnePractitioner: boolean("told_one_practitioner").notNull().default(false),
    toldRightToStop: boolean("told_right_to_stop").notNull().default(false),
    startsOn: date("starts_on").notNull(),
    endsOn: date("ends_on"),
    endReason: text("end_reason"),
    enrolledByProviderId: integer("enrolled_by_provider_id").references(() => providers.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("enrollments_patient_idx").on(table.patientId, table.startsOn)],
);
