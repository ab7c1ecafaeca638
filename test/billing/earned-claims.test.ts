import { describe, expect, it } from "vitest";
import {
  type BillingSettings,
  defaultBillingSettings,
} from "../../src/billing/billing-settings.ts";
import {
  type BillableEncounter,
  evaluateMonth,
  type MonthFacts,
} from "../../src/billing/earned-claims.ts";

const nurse = 1;
const drA = 2;
const drB = 3;

let nextId = 1;

function entry(
  providerId: number,
  minutes: number,
  fields: Partial<BillableEncounter> = {},
): BillableEncounter {
  return {
    id: nextId++,
    providerId,
    role: providerId === nurse ? "clinical_staff" : "physician",
    minutes,
    serviceDate: "2026-03-10",
    program: "ccm",
    ...fields,
  };
}

function facts(encounters: BillableEncounter[], fields: Partial<MonthFacts> = {}): MonthFacts {
  return {
    month: "2026-03",
    encounters,
    enrolledProgram: "ccm",
    complex: false,
    claimPractitioners: {},
    lockedCodes: [],
    ...fields,
  };
}

function earned(monthFacts: MonthFacts, settings: BillingSettings = defaultBillingSettings) {
  return evaluateMonth(monthFacts, settings).earned.map((claim) => [claim.code, claim.units]);
}

describe("evaluateMonth", () => {
  const staffCases: [number, [string, number][], string | undefined, number | undefined][] = [
    [0, [], "99490", 20],
    [19, [], "99490", 1],
    [20, [["99490", 1]], "99439", 20],
    [39, [["99490", 1]], "99439", 1],
    [
      40,
      [
        ["99490", 1],
        ["99439", 1],
      ],
      "99439",
      20,
    ],
    [
      59,
      [
        ["99490", 1],
        ["99439", 1],
      ],
      "99439",
      1,
    ],
    [
      60,
      [
        ["99490", 1],
        ["99439", 2],
      ],
      undefined,
      undefined,
    ],
    [
      61,
      [
        ["99490", 1],
        ["99439", 2],
      ],
      undefined,
      undefined,
    ],
    [
      80,
      [
        ["99490", 1],
        ["99439", 2],
      ],
      undefined,
      undefined,
    ],
  ];
  for (const [minutes, codes, nextCode, missing] of staffCases) {
    it(`bills ${minutes} staff minutes`, () => {
      const evaluation = evaluateMonth(
        facts(minutes > 0 ? [entry(nurse, minutes)] : []),
        defaultBillingSettings,
      );

      expect(evaluation.earned.map((claim) => [claim.code, claim.units])).toEqual(codes);
      expect(evaluation.lane).toBe("staff");
      expect(evaluation.next?.code).toBe(nextCode);
      expect(evaluation.next?.minutesMissing).toBe(missing);
    });
  }

  const practitionerCases: [number, [string, number][]][] = [
    [29, [["99490", 1]]],
    [30, [["99491", 1]]],
    [
      60,
      [
        ["99491", 1],
        ["99437", 1],
      ],
    ],
    [
      90,
      [
        ["99491", 1],
        ["99437", 1],
      ],
    ],
  ];
  for (const [minutes, codes] of practitionerCases) {
    it(`bills ${minutes} practitioner minutes with the default cap`, () => {
      expect(earned(facts([entry(drA, minutes)]))).toEqual(codes);
    });
  }

  it("bills 99437 units up to the cap setting", () => {
    const capped = { ...defaultBillingSettings, unitCaps: { "99437": 3, "99427": 1, "99425": 1 } };

    expect(earned(facts([entry(drA, 90)]), capped)).toEqual([
      ["99491", 1],
      ["99437", 2],
    ]);
    expect(earned(facts([entry(drA, 150)]), capped)).toEqual([
      ["99491", 1],
      ["99437", 3],
    ]);
  });

  it("names the practitioner on practitioner claims", () => {
    const evaluation = evaluateMonth(facts([entry(drA, 30)]), defaultBillingSettings);

    expect(evaluation.lane).toBe("practitioner");
    expect(evaluation.earned[0]?.practitionerId).toBe(drA);
    expect(evaluation.next).toMatchObject({ code: "99437", minutesMissing: 30 });
  });

  const complexCases: [number, [string, number][]][] = [
    [
      59,
      [
        ["99490", 1],
        ["99439", 1],
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
  for (const [minutes, codes] of complexCases) {
    it(`bills ${minutes} complex minutes`, () => {
      expect(earned(facts([entry(nurse, minutes)], { complex: true }))).toEqual(codes);
    });
  }

  it("names 99487 as next below 60 complex minutes", () => {
    const evaluation = evaluateMonth(
      facts([entry(nurse, 45)], { complex: true }),
      defaultBillingSettings,
    );

    expect(evaluation.next).toMatchObject({ code: "99487", minutesMissing: 15 });
  });

  it("names 99487 as next in a complex month without minutes", () => {
    const evaluation = evaluateMonth(facts([], { complex: true }), defaultBillingSettings);

    expect(evaluation.next).toMatchObject({ code: "99487", atMinutes: 60, minutesMissing: 60 });
  });

  it("chooses the staff lane for mixed logs that use more minutes", () => {
    const evaluation = evaluateMonth(
      facts([entry(drA, 30), entry(nurse, 10)]),
      defaultBillingSettings,
    );

    expect(evaluation.lane).toBe("staff");
    expect(evaluation.totalMinutes).toBe(40);
    expect(
      evaluation.earned.map((claim) => [claim.code, claim.units, claim.practitionerId]),
    ).toEqual([
      ["99490", 1, drA],
      ["99439", 1, drA],
    ]);
  });

  it("chooses the practitioner lane when it uses more minutes", () => {
    const evaluation = evaluateMonth(
      facts([entry(drA, 30), entry(nurse, 5)]),
      defaultBillingSettings,
    );

    expect(evaluation.lane).toBe("practitioner");
    expect(evaluation.totalMinutes).toBe(30);
    expect(evaluation.earned.map((claim) => claim.code)).toEqual(["99491"]);
    expect(evaluation.billed[0]?.countedEncounterIds).toHaveLength(1);
  });

  it("keeps the staff lane until a code is earned", () => {
    const evaluation = evaluateMonth(
      facts([entry(drA, 5), entry(nurse, 10)]),
      defaultBillingSettings,
    );

    expect(evaluation.lane).toBe("staff");
    expect(evaluation.next).toMatchObject({ code: "99490", minutesMissing: 5 });
  });

  it("flags a second practitioner instead of billing", () => {
    const second = entry(drB, 30);
    const evaluation = evaluateMonth(facts([entry(drA, 30), second]), defaultBillingSettings);

    expect(evaluation.earned.map((claim) => claim.code)).toEqual(["99491"]);
    expect(evaluation.earned[0]?.practitionerId).toBe(drA);
    expect(evaluation.notBilled).toEqual([
      { encounterId: second.id, reason: "other_practitioner", practitionerId: drA },
    ]);
  });

  it("keeps the first claim's practitioner", () => {
    const evaluation = evaluateMonth(
      facts([entry(drB, 30), entry(drA, 30)], { claimPractitioners: { ccm: drA } }),
      defaultBillingSettings,
    );

    expect(evaluation.earned[0]?.practitionerId).toBe(drA);
    expect(evaluation.notBilled.map((item) => item.practitionerId)).toEqual([drA]);
  });

  it("keeps a submitted claim's lane", () => {
    const monthFacts = facts([entry(drA, 30), entry(nurse, 30)], { lockedCodes: ["99491"] });

    expect(earned(monthFacts)).toEqual([["99491", 1]]);
  });

  const pcmCases: [string, number, number, [string, number][]][] = [
    ["staff", nurse, 29, []],
    ["staff", nurse, 30, [["99426", 1]]],
    [
      "staff",
      nurse,
      60,
      [
        ["99426", 1],
        ["99427", 1],
      ],
    ],
    ["practitioner", drA, 29, []],
    ["practitioner", drA, 30, [["99424", 1]]],
    [
      "practitioner",
      drA,
      90,
      [
        ["99424", 1],
        ["99425", 1],
      ],
    ],
  ];
  for (const [who, provider, minutes, codes] of pcmCases) {
    it(`bills ${minutes} PCM ${who} minutes`, () => {
      const monthFacts = facts([entry(provider, minutes, { program: "pcm" })], {
        enrolledProgram: "pcm",
      });

      expect(earned(monthFacts)).toEqual(codes);
    });
  }

  it("bills 99425 units up to the cap setting", () => {
    const capped = { ...defaultBillingSettings, unitCaps: { "99437": 1, "99427": 1, "99425": 2 } };
    const monthFacts = facts([entry(drA, 90, { program: "pcm" })], { enrolledProgram: "pcm" });

    expect(earned(monthFacts, capped)).toEqual([
      ["99424", 1],
      ["99425", 2],
    ]);
  });

  it("bills one program when CCM and PCM share a month", () => {
    const pcm = entry(drA, 30, { program: "pcm" });
    const evaluation = evaluateMonth(facts([entry(nurse, 40), pcm]), defaultBillingSettings);

    expect(evaluation.earned.map((claim) => claim.code)).toEqual(["99490", "99439"]);
    expect(evaluation.notBilled).toEqual([{ encounterId: pcm.id, reason: "other_program" }]);
  });

  it("bills CCM and PCM across practitioners when allowed", () => {
    const allowed = { ...defaultBillingSettings, allowCcmAndPcmAcrossPractitioners: true };
    const monthFacts = facts([entry(drA, 30), entry(drB, 30, { program: "pcm" })]);

    expect(earned(monthFacts, allowed)).toEqual([
      ["99491", 1],
      ["99424", 1],
    ]);
  });

  it("never bills CCM and PCM for one practitioner", () => {
    const allowed = { ...defaultBillingSettings, allowCcmAndPcmAcrossPractitioners: true };
    const monthFacts = facts([entry(drA, 30), entry(drA, 60, { program: "pcm" })]);

    expect(earned(monthFacts, allowed)).toEqual([
      ["99424", 1],
      ["99425", 1],
    ]);
  });

  it("uses only codes in force that year", () => {
    expect(earned(facts([entry(nurse, 45)], { month: "2020-06" }))).toEqual([["99490", 1]]);
  });

  it("starts a PCM patient's month at 99426", () => {
    const evaluation = evaluateMonth(facts([], { enrolledProgram: "pcm" }), defaultBillingSettings);

    expect(evaluation.lane).toBe("pcm_staff");
    expect(evaluation.next).toMatchObject({ code: "99426", minutesMissing: 30 });
  });
});
