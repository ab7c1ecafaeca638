import { describe, expect, it } from "vitest";
import { renderConsoleReply } from "../../../src/chat/console/render.ts";
import {
  digestPostReply,
  digestPostSchema,
  digestReply,
} from "../../../src/chat/replies/digest-replies.ts";
import type { DailyDigest, NearThresholdPatient } from "../../../src/services/daily-digest.ts";

function nearPatient(fields: Partial<NearThresholdPatient> = {}): NearThresholdPatient {
  return {
    initials: "J.D.",
    mrn: "100234",
    totalMinutes: 15,
    nextCode: "99490",
    atMinutes: 20,
    minutesMissing: 5,
    ...fields,
  };
}

function digestOf(fields: Partial<DailyDigest> = {}): DailyDigest {
  return {
    date: "2026-03-10",
    month: "2026-03",
    daysLeft: 22,
    windowMinutes: 10,
    nearThreshold: { groups: [], count: 0 },
    summary: {
      claims: [],
      minutes: 0,
      patientsWithMinutes: 0,
      revenueCents: 0,
      unpricedCodes: [],
    },
    ...fields,
  };
}

function textOf(digest: DailyDigest, audience: "thread" | "private" = "thread"): string {
  return renderConsoleReply(digestReply(digest, audience)).text;
}

describe("digestReply", () => {
  it("says there is nothing to do when empty", () => {
    const text = textOf(digestOf());

    expect(text).toContain("Nothing to do today: no enrolled patient is within 10 min");
    expect(text).not.toContain("Within 10 min of their next code:");
    expect(text).toContain("March 2026 so far: no claims yet, 0 min logged for 0 patients.");
  });

  it("says every patient has time near month end", () => {
    const text = textOf(digestOf({ daysLeft: 5, withoutMinutes: { patients: [], count: 0 } }));

    expect(text).toContain("every enrolled patient has time this month");
  });

  it("lists patients by provider", () => {
    const digest = digestOf({
      nearThreshold: {
        groups: [
          { provider: "Nina Nurse", patients: [nearPatient()] },
          {
            provider: "Omar Other",
            patients: [nearPatient({ initials: "A.B.", mrn: "100999", minutesMissing: 8 })],
          },
        ],
        count: 2,
      },
    });

    const lines = textOf(digest).split("\n");

    expect(lines).toContain("Within 10 min of their next code: 2 patients");
    expect(lines).toContain("Nina Nurse");
    expect(lines).toContain("• J.D. (MRN 100234): 15 min, 5 min more for 99490 (20 min)");
    expect(lines.indexOf("Nina Nurse")).toBeLessThan(lines.indexOf("Omar Other"));
  });

  it("gives the days left", () => {
    expect(textOf(digestOf())).toContain("22 days left in March 2026.");
  });

  it("says when it is the last day of the month", () => {
    const text = textOf(digestOf({ date: "2026-03-31", daysLeft: 1 }));

    expect(text).toContain("Today is the last day of March 2026");
    expect(text).toContain("time from tomorrow counts toward April 2026");
  });

  it("counts the patients it leaves out", () => {
    const digest = digestOf({
      nearThreshold: { groups: [{ provider: "Nina Nurse", patients: [nearPatient()] }], count: 31 },
    });

    expect(textOf(digest)).toContain("Showing the 1 most urgent of 31.");
  });

  it("lists patients without minutes", () => {
    const digest = digestOf({
      daysLeft: 9,
      withoutMinutes: { patients: [{ initials: "A.B.", mrn: "100111" }], count: 4 },
    });

    const text = textOf(digest);

    expect(text).toContain("No minutes yet this month: 4 enrolled patients");
    expect(text).toContain("A.B. (MRN 100111) and 3 more.");
  });

  it("ends with the month so far", () => {
    const digest = digestOf({
      summary: {
        claims: [
          { code: "99439", claims: 3, units: 4 },
          { code: "99490", claims: 10, units: 10 },
        ],
        minutes: 1234,
        patientsWithMinutes: 25,
        revenueCents: 85_330,
        unpricedCodes: [],
      },
    });

    expect(textOf(digest)).toContain(
      "March 2026 so far: 13 claims (99439 ×4, 99490 ×10), 1,234 min logged for 25 patients, about $853 expected from the fee schedule.",
    );
  });

  it("is private when asked for by command", () => {
    expect(digestReply(digestOf(), "private").audience).toBe("private");
  });
});

describe("digestPostReply", () => {
  it("names patients in a direct message", () => {
    const digest = digestOf({
      nearThreshold: {
        groups: [{ provider: "Nina Nurse", patients: [nearPatient({ name: "Jane Doe" })] }],
        count: 1,
      },
    });

    const reply = digestPostReply({ audience: "direct", digest });

    expect(reply.audience).toBe("private");
    expect(renderConsoleReply(reply).text).toContain("• Jane Doe (MRN 100234): 15 min");
  });

  it("reads its own payload back", () => {
    const post = { audience: "channel" as const, digest: digestOf() };

    expect(digestPostSchema.parse(JSON.parse(JSON.stringify(post)))).toEqual(post);
  });

  it("rejects a payload of another shape", () => {
    expect(digestPostSchema.safeParse({ audience: "channel", digest: {} }).success).toBe(false);
  });
});
