import { expect, it } from "vitest";
import { defaultBillingSettings } from "../../src/billing/billing-settings.ts";
import { markMonthComplex } from "../../src/services/complex-month.ts";
import type { ServiceContext } from "../../src/services/context.ts";
import { logEncounter } from "../../src/services/log-encounter.ts";
import type { Provider } from "../../src/services/providers.ts";
import { claimByCode, liveClaimCodes, logInput } from "../support/billing.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

type Codes = [string, number][];

describeDatabases("billing rules", (database) => {
  async function setup(program: "ccm" | "pcm" = "ccm", context?: ServiceContext) {
    const db = database().db;
    const ctx = context ?? createTestContext(db);
    const nurse = await addProvider(db, { userId: "UNURSE", role: "clinical_staff" });
    const doctor = await addProvider(db, { userId: "UDOC", role: "physician" });
    const patientId = await enrollTestPatient(ctx, nurse, {
      name: "Jane Doe",
      mrn: "100234",
      program,
      ...(program === "pcm" ? { conditions: ["heart failure"] } : {}),
    });
    return { context: ctx, nurse, doctor, patientId };
  }

  /** Logs `minutes` in two messages when there are more than ten, so thresholds are crossed. */
  async function logTotal(
    context: ServiceContext,
    provider: Provider,
    patientId: number,
    minutes: number,
  ) {
    const parts = minutes > 10 ? [minutes - 10, 10] : [minutes];
    for (const part of parts) {
      const result = await logEncounter(context, logInput(provider, patientId, part));
      expect(result.status).toBe("recorded");
    }
  }

  const staffTable: [number, Codes][] = [
    [19, []],
    [20, [["99490", 1]]],
    [39, [["99490", 1]]],
    [
      40,
      [
        ["99439", 1],
        ["99490", 1],
      ],
    ],
    [
      59,
      [
        ["99439", 1],
        ["99490", 1],
      ],
    ],
    [
      60,
      [
        ["99439", 2],
        ["99490", 1],
      ],
    ],
    [
      61,
      [
        ["99439", 2],
        ["99490", 1],
      ],
    ],
    [
      80,
      [
        ["99439", 2],
        ["99490", 1],
      ],
    ],
  ];
  for (const [minutes, codes] of staffTable) {
    it(`claims ${minutes} staff minutes`, async () => {
      const { context, nurse, patientId } = await setup();

      await logTotal(context, nurse, patientId, minutes);

      expect(await liveClaimCodes(database().db)).toEqual(codes);
      const base = await claimByCode(database().db, "99490");
      if (codes.length > 0)
        expect(base).toMatchObject({ totalMinutes: minutes, practitionerId: null });
    });
  }

  const practitionerTable: [number, Codes][] = [
    [29, [["99490", 1]]],
    [30, [["99491", 1]]],
    [
      60,
      [
        ["99437", 1],
        ["99491", 1],
      ],
    ],
    [
      90,
      [
        ["99437", 1],
        ["99491", 1],
      ],
    ],
  ];
  for (const [minutes, codes] of practitionerTable) {
    it(`claims ${minutes} practitioner minutes`, async () => {
      const { context, doctor, patientId } = await setup();

      await logTotal(context, doctor, patientId, minutes);

      expect(await liveClaimCodes(database().db)).toEqual(codes);
      const [code] = codes[codes.length - 1] ?? [];
      if (code) expect((await claimByCode(database().db, code))?.practitionerId).toBe(doctor.id);
    });
  }

  it("claims 99437 units up to the cap setting", async () => {
    const context = {
      ...createTestContext(database().db),
      billing: { ...defaultBillingSettings, unitCaps: { "99437": 2, "99427": 1, "99425": 1 } },
    };
    const { doctor, patientId } = await setup("ccm", context);

    await logTotal(context, doctor, patientId, 120);

    expect(await liveClaimCodes(database().db)).toEqual([
      ["99437", 2],
      ["99491", 1],
    ]);
  });

  const complexTable: [number, Codes][] = [
    [
      59,
      [
        ["99439", 1],
        ["99490", 1],
      ],
    ],
    [60, [["99487", 1]]],
    [89, [["99487", 1]]],
    [
      90,
      [
        ["99487", 1],
        ["99489", 1],
      ],
    ],
    [
      120,
      [
        ["99487", 1],
        ["99489", 2],
      ],
    ],
  ];
  for (const [minutes, codes] of complexTable) {
    it(`claims ${minutes} complex minutes`, async () => {
      const { context, nurse, patientId } = await setup();
      const marked = await markMonthComplex(context, nurse, {
        patientId,
        month: "2026-03",
        complex: true,
      });
      expect(marked.status).toBe("marked");

      await logTotal(context, nurse, patientId, minutes);

      expect(await liveClaimCodes(database().db)).toEqual(codes);
    });
  }

  const pcmTable: [string, number, Codes][] = [
    ["staff", 29, []],
    ["staff", 30, [["99426", 1]]],
    [
      "staff",
      60,
      [
        ["99426", 1],
        ["99427", 1],
      ],
    ],
    ["practitioner", 30, [["99424", 1]]],
    [
      "practitioner",
      90,
      [
        ["99424", 1],
        ["99425", 1],
      ],
    ],
  ];
  for (const [who, minutes, codes] of pcmTable) {
    it(`claims ${minutes} PCM ${who} minutes`, async () => {
      const { context, nurse, doctor, patientId } = await setup("pcm");

      await logTotal(context, who === "staff" ? nurse : doctor, patientId, minutes);

      expect(await liveClaimCodes(database().db)).toEqual(codes);
    });
  }

  it("claims 99427 units up to the cap setting", async () => {
    const context = {
      ...createTestContext(database().db),
      billing: { ...defaultBillingSettings, unitCaps: { "99437": 1, "99427": 2, "99425": 1 } },
    };
    const { nurse, patientId } = await setup("pcm", context);

    await logTotal(context, nurse, patientId, 95);

    expect(await liveClaimCodes(database().db)).toEqual([
      ["99426", 1],
      ["99427", 2],
    ]);
  });

  it("claims only codes in force in the service year", async () => {
    const context = createTestContext(database().db);
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    const patientId = await enrollTestPatient(context, nurse, {
      name: "Jane Doe",
      mrn: "100234",
      consentDate: "2020-01-02",
    });

    const result = await logEncounter(context, logInput(nurse, patientId, 45, "2020-06-10"));

    expect(result.status).toBe("recorded");
    expect(await liveClaimCodes(database().db)).toEqual([["99490", 1]]);
  });
});
