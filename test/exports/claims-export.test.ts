import JSONSchemaValidator from "@asymmetrik/fhir-json-schema-validator";
import type { Bundle, Claim } from "@medplum/fhirtypes";
import { parse } from "csv-parse/sync";
import { beforeAll, expect, it } from "vitest";
import { defaultBillingSettings } from "../../src/billing/billing-settings.ts";
import { claimCsvColumns } from "../../src/exports/claims-csv.ts";
import { changeClaimStatus } from "../../src/services/claim-status.ts";
import { exportMonth } from "../../src/services/export-month.ts";
import { logEncounter } from "../../src/services/log-encounter.ts";
import { undoEncounter } from "../../src/services/undo-encounter.ts";
import { claimByCode, logInput } from "../support/billing.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

let validator: JSONSchemaValidator;

beforeAll(() => {
  // Compiling the whole R4 schema takes a few seconds, so it is done once per file.
  validator = new JSONSchemaValidator();
});

const exportedAt = new Date("2026-04-02T14:00:00.000Z");

describeDatabases("month export", (database) => {
  /**
   * Jane (MRN 100234): staff lane with a practitioner, 45 min logged out of date order, 99490
   * submitted. John (MRN 200345): 30 practitioner minutes, 99491. Ann (MRN 300456): a claim
   * voided by an undo, which the export leaves out.
   */
  async function seedMonth() {
    const db = database().db;
    const context = createTestContext(db);
    const nurse = await addProvider(db, { userId: "UNURSE", role: "clinical_staff" });
    const doctor = await addProvider(db, { userId: "UDOC", role: "physician" });
    const biller = await addProvider(db, { userId: "UBILL", role: "billing" });
    const jane = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    const john = await enrollTestPatient(context, nurse, { name: "John Roe", mrn: "200345" });
    const ann = await enrollTestPatient(context, nurse, { name: "Ann Poe", mrn: "300456" });

    const ids: number[] = [];
    for (const [provider, patientId, minutes, date] of [
      [nurse, jane, 20, "2026-03-09"],
      [nurse, jane, 15, "2026-03-02"],
      [doctor, jane, 10, "2026-03-05"],
      [doctor, john, 30, "2026-03-03"],
      [nurse, ann, 20, "2026-03-04"],
    ] as const) {
      const result = await logEncounter(context, logInput(provider, patientId, minutes, date));
      ids.push(result.status === "recorded" ? result.encounterId : 0);
    }
    await undoEncounter(context, ids[4] ?? 0, nurse);
    const janeBase = await claimByCode(db, "99490", jane);
    await changeClaimStatus(context, biller, janeBase?.id ?? 0, "submitted");
    return { ids, doctor, jane, john };
  }

  it("writes every live claim as CSV", async () => {
    const { ids, doctor, jane, john } = await seedMonth();
    const db = database().db;
    const claimId = async (code: string, patientId: number) =>
      String((await claimByCode(db, code, patientId))?.id);

    const file = await exportMonth(db, defaultBillingSettings, "2026-03", "csv", exportedAt);

    expect(file.filename).toBe("ccm-claims-2026-03.csv");
    expect(file.claimCount).toBe(3);
    const [header] = parse(file.content, { to_line: 1 }) as string[][];
    expect(header).toEqual([...claimCsvColumns]);
    const rows = parse(file.content, { columns: true }) as Record<string, string>[];
    const janeEncounters = [ids[1], ids[2], ids[0]].join(";");
    expect(rows).toEqual([
      {
        claim_id: await claimId("99439", jane),
        month: "2026-03",
        status: "pending",
        patient_mrn: "100234",
        code: "99439",
        units: "1",
        date_of_service: "2026-03-09",
        rendering_practitioner: "slack:UDOC",
        rendering_practitioner_id: String(doctor.id),
        lane: "staff",
        total_minutes: "45",
        encounter_ids: janeEncounters,
        expected_amount_usd: "48.00",
      },
      {
        claim_id: await claimId("99490", jane),
        month: "2026-03",
        status: "submitted",
        patient_mrn: "100234",
        code: "99490",
        units: "1",
        date_of_service: "2026-03-05",
        rendering_practitioner: "slack:UDOC",
        rendering_practitioner_id: String(doctor.id),
        lane: "staff",
        total_minutes: "45",
        encounter_ids: janeEncounters,
        expected_amount_usd: "66.13",
      },
      {
        claim_id: await claimId("99491", john),
        month: "2026-03",
        status: "pending",
        patient_mrn: "200345",
        code: "99491",
        units: "1",
        date_of_service: "2026-03-03",
        rendering_practitioner: "slack:UDOC",
        rendering_practitioner_id: String(doctor.id),
        lane: "practitioner",
        total_minutes: "30",
        encounter_ids: String(ids[3]),
        expected_amount_usd: "83.18",
      },
    ]);
  });

  it("writes a FHIR R4 Bundle that validates", async () => {
    const { ids, doctor, jane } = await seedMonth();
    const db = database().db;

    const file = await exportMonth(db, defaultBillingSettings, "2026-03", "fhir", exportedAt);
    const bundle = JSON.parse(file.content) as Bundle<Claim>;

    expect(file.filename).toBe("ccm-claims-2026-03.fhir.json");
    expect(validator.validate(bundle)).toEqual([]);
    expect(bundle).toMatchObject({
      resourceType: "Bundle",
      type: "collection",
      timestamp: "2026-04-02T14:00:00.000Z",
    });
    const claims = (bundle.entry ?? []).map((entry) => entry.resource as Claim);
    for (const claim of claims) expect(validator.validate(claim)).toEqual([]);
    // The validator is not a rubber stamp: a malformed instant fails.
    expect(validator.validate({ ...claims[0], created: "10 March 2026" })).not.toEqual([]);
    expect(claims.map((claim) => claim.item?.[0]?.productOrService.coding?.[0]?.code)).toEqual([
      "99439",
      "99490",
      "99491",
    ]);

    const base = claims[1];
    const baseRow = await claimByCode(db, "99490", jane);
    expect(base?.id).toBe(`claim-${baseRow?.id}`);
    expect(base?.identifier).toEqual([{ system: "urn:ccm-bot:claim", value: String(baseRow?.id) }]);
    expect(base?.status).toBe("active");
    expect(base?.use).toBe("claim");
    expect(base?.type.coding?.[0]).toEqual({
      system: "http://terminology.hl7.org/CodeSystem/claim-type",
      code: "professional",
    });
    expect(base?.patient.identifier?.value).toBe("100234");
    expect(base?.patient.identifier?.type?.coding?.[0]?.code).toBe("MR");
    expect(base?.billablePeriod).toEqual({ start: "2026-03-01", end: "2026-03-31" });
    expect(base?.created).toBe(baseRow?.createdAt.toISOString());
    expect(base?.provider).toEqual({
      identifier: { system: "urn:ccm-bot:provider", value: String(doctor.id) },
      display: "slack:UDOC",
    });
    expect(base?.supportingInfo?.[0]?.valueQuantity).toEqual({
      value: 45,
      unit: "min",
      system: "http://unitsofmeasure.org",
      code: "min",
    });
    const item = base?.item?.[0];
    expect(item?.productOrService.coding?.[0]).toMatchObject({
      system: "http://www.ama-assn.org/go/cpt",
      code: "99490",
    });
    expect(item?.servicedDate).toBe("2026-03-05");
    expect(item?.quantity).toEqual({ value: 1 });
    expect(item?.net).toEqual({ value: 66.13, currency: "USD" });
    expect(item?.encounter?.map((reference) => reference.identifier?.value)).toEqual(
      [ids[1], ids[2], ids[0]].map(String),
    );
    expect(
      claims[2]?.item?.[0]?.encounter?.map((reference) => reference.identifier?.value),
    ).toEqual([String(ids[3])]);
  });

  it("leaves practitioner columns empty for staff-only claims", async () => {
    const db = database().db;
    const context = createTestContext(db);
    const nurse = await addProvider(db, { userId: "UNURSE" });
    const jane = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    await logEncounter(context, logInput(nurse, jane, 20, "2026-03-02"));

    const csv = await exportMonth(db, defaultBillingSettings, "2026-03", "csv", exportedAt);
    const fhir = await exportMonth(db, defaultBillingSettings, "2026-03", "fhir", exportedAt);

    const [row] = parse(csv.content, { columns: true }) as Record<string, string>[];
    expect(row?.rendering_practitioner).toBe("");
    expect(row?.rendering_practitioner_id).toBe("");
    const bundle = JSON.parse(fhir.content) as Bundle<Claim>;
    expect(validator.validate(bundle)).toEqual([]);
    expect(bundle.entry?.[0]?.resource?.provider.identifier).toBeUndefined();
  });

  it("handles a month without claims", async () => {
    const db = database().db;

    const csv = await exportMonth(db, defaultBillingSettings, "2026-02", "csv", exportedAt);
    const fhir = await exportMonth(db, defaultBillingSettings, "2026-02", "fhir", exportedAt);

    expect(csv.content).toBe(`${claimCsvColumns.join(",")}\n`);
    const bundle = JSON.parse(fhir.content) as Bundle;
    expect(bundle.entry).toBeUndefined();
    expect(validator.validate(bundle)).toEqual([]);
  });
});
