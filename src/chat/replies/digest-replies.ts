import { z } from "zod";
import type {
  DailyDigest,
  DigestPatient,
  DigestProviderGroup,
  NearThresholdPatient,
} from "../../services/daily-digest.ts";
import type { DigestPost } from "../../services/queue-digest.ts";
import { addDays, monthLabel, monthOf } from "../../time/calendar.ts";
import type { Inline, Reply, ReplyBlock } from "../reply.ts";
import { formatServiceDate, minutesText } from "./wording.ts";

const digestPatientSchema = z.object({
  initials: z.string(),
  mrn: z.string(),
  name: z.string().optional(),
});

/** Checks a digest outbox payload before it is rendered; it mirrors `DigestPost`. */
export const digestPostSchema = z.object({
  audience: z.enum(["channel", "direct"]),
  digest: z.object({
    date: z.string(),
    month: z.string(),
    daysLeft: z.number().int(),
    windowMinutes: z.number().int(),
    nearThreshold: z.object({
      groups: z.array(
        z.object({
          provider: z.string(),
          patients: z.array(
            digestPatientSchema.extend({
              totalMinutes: z.number().int(),
              nextCode: z.string(),
              atMinutes: z.number().int(),
              minutesMissing: z.number().int(),
            }),
          ),
        }),
      ),
      count: z.number().int(),
    }),
    withoutMinutes: z
      .object({ patients: z.array(digestPatientSchema), count: z.number().int() })
      .optional(),
    summary: z.object({
      claims: z.array(
        z.object({ code: z.string(), claims: z.number().int(), units: z.number().int() }),
      ),
      minutes: z.number().int(),
      patientsWithMinutes: z.number().int(),
      revenueCents: z.number().int(),
      unpricedCodes: z.array(z.string()),
    }),
  }),
}) satisfies z.ZodType<DigestPost>;

/** Builds the post for a digest taken from the outbox. */
export function digestPostReply(post: DigestPost): Reply {
  return post.audience === "direct"
    ? providerDigestReply(post.digest)
    : digestReply(post.digest, "thread");
}

/**
 * Builds the practice digest: who is near a threshold by provider, who has no minutes near the
 * month's end, and the month so far. `thread` is the channel post; `private` is the same content
 * shown to one user (`/ccm digest`). Patients appear by initials and MRN only in both.
 */
export function digestReply(digest: DailyDigest, audience: Reply["audience"]): Reply {
  const near = digest.nearThreshold;
  const without = digest.withoutMinutes;
  const blocks: ReplyBlock[] = [{ type: "text", lines: headerLines(digest, "CCM digest") }];

  if (near.count === 0 && (without?.count ?? 0) === 0) {
    blocks.push({ type: "text", lines: [[nothingToDo(digest)]] });
  } else {
    blocks.push(...nearThresholdBlocks(digest));
    if (without && without.count > 0) blocks.push(withoutMinutesBlock(without));
  }
  blocks.push({ type: "context", text: monthSoFar(digest) });

  return {
    summary: `CCM digest for ${formatServiceDate(digest.date)}: ${patientCount(near.count)} within ${minutesText(digest.windowMinutes)} of their next code.`,
    blocks,
    audience,
  };
}

/** Builds a provider's own digest, sent by direct message, with their patients' names. */
export function providerDigestReply(digest: DailyDigest): Reply {
  const near = digest.nearThreshold;
  const patients = near.groups.flatMap((group) => group.patients);
  const blocks: ReplyBlock[] = [
    { type: "text", lines: headerLines(digest, "Your CCM patients") },
    {
      type: "text",
      lines:
        patients.length === 0
          ? [[nothingToDo(digest)]]
          : [
              [
                { bold: `Within ${minutesText(digest.windowMinutes)} of their next code: ` },
                patientCount(near.count),
              ],
              ...patients.map(nearPatientLine),
            ],
    },
  ];
  if (near.count > patients.length) {
    blocks.push({
      type: "context",
      text: `Showing the ${patients.length} most urgent of ${near.count}.`,
    });
  }
  return {
    summary: `Your CCM digest: ${patientCount(near.count)} within ${minutesText(digest.windowMinutes)} of their next code.`,
    blocks,
    audience: "private",
  };
}

function headerLines(digest: DailyDigest, title: string): Inline[][] {
  const month = monthLabel(digest.month);
  if (digest.daysLeft <= 1) {
    const nextMonth = monthLabel(monthOf(addDays(digest.date, 1)));
    return [
      [{ bold: `${title} · ${formatServiceDate(digest.date)}` }],
      [
        `Today is the last day of ${month}: time logged for today still counts toward ${month}, time from tomorrow counts toward ${nextMonth}.`,
      ],
    ];
  }
  return [
    [{ bold: `${title} · ${formatServiceDate(digest.date)}` }],
    [`${digest.daysLeft} days left in ${month}.`],
  ];
}

function nothingToDo(digest: DailyDigest): string {
  const base = `Nothing to do today: no enrolled patient is within ${minutesText(digest.windowMinutes)} of their next code`;
  return digest.withoutMinutes
    ? `${base}, and every enrolled patient has time this month.`
    : `${base}.`;
}

function nearThresholdBlocks(digest: DailyDigest): ReplyBlock[] {
  const near = digest.nearThreshold;
  if (near.count === 0) {
    return [
      {
        type: "text",
        lines: [
          [
            `No enrolled patient is within ${minutesText(digest.windowMinutes)} of their next code.`,
          ],
        ],
      },
    ];
  }
  const blocks: ReplyBlock[] = [
    {
      type: "text",
      lines: [
        [
          { bold: `Within ${minutesText(digest.windowMinutes)} of their next code: ` },
          patientCount(near.count),
        ],
      ],
    },
    ...near.groups.map(providerBlock),
  ];
  const listed = near.groups.reduce((sum, group) => sum + group.patients.length, 0);
  if (near.count > listed) {
    blocks.push({
      type: "context",
      text: `Showing the ${listed} most urgent of ${near.count}. /ccm total PATIENT shows any patient.`,
    });
  }
  return blocks;
}

function providerBlock(group: DigestProviderGroup): ReplyBlock {
  return {
    type: "text",
    lines: [[{ bold: group.provider }], ...group.patients.map(nearPatientLine)],
  };
}

/** "• J.D. (MRN 100234): 15 min, 5 min more for 99490 (20 min)"; the name when the copy is private. */
function nearPatientLine(patient: NearThresholdPatient): Inline[] {
  return [
    "• ",
    { bold: patient.name ?? patient.initials },
    ` (MRN ${patient.mrn}): ${minutesText(patient.totalMinutes)}, `,
    { bold: `${minutesText(patient.minutesMissing)} more` },
    ` for ${patient.nextCode} (${minutesText(patient.atMinutes)})`,
  ];
}

function withoutMinutesBlock(without: { patients: DigestPatient[]; count: number }): ReplyBlock {
  const listed = without.patients.map((patient) => `${patient.initials} (MRN ${patient.mrn})`);
  const more = without.count > listed.length ? ` and ${without.count - listed.length} more` : "";
  return {
    type: "text",
    lines: [
      [{ bold: "No minutes yet this month: " }, patientCount(without.count, "enrolled patient")],
      [`${listed.join(", ")}${more}.`],
    ],
  };
}

/**
 * "March 2026 so far: 12 claims (99439 ×4, 99490 ×8), 420 min logged for 25 patients, about $812
 * expected from the fee schedule." `×` counts units. Without claims there is no revenue figure.
 */
function monthSoFar(digest: DailyDigest): string {
  const { summary } = digest;
  const claimCount = summary.claims.reduce((sum, row) => sum + row.claims, 0);
  const byCode = summary.claims
    .map((row) => (row.units > 1 ? `${row.code} ×${row.units}` : row.code))
    .join(", ");
  const minutes = `${summary.minutes.toLocaleString("en-US")} min logged for ${patientCount(summary.patientsWithMinutes)}`;
  if (claimCount === 0) return `${monthLabel(digest.month)} so far: no claims yet, ${minutes}.`;

  const claims = `${plural(claimCount, "claim")} (${byCode})`;
  const unpriced =
    summary.unpricedCodes.length > 0
      ? `; no fee known for ${summary.unpricedCodes.join(", ")}`
      : "";
  const revenue = `about ${formatDollars(summary.revenueCents)} expected from the fee schedule${unpriced}`;
  return `${monthLabel(digest.month)} so far: ${claims}, ${minutes}, ${revenue}.`;
}

function patientCount(count: number, noun = "patient"): string {
  return plural(count, noun);
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;
}

function formatDollars(cents: number): string {
  return (cents / 100).toLocaleString("en-US", {
    style: "currency",
    currency: "USD",
    maximumFractionDigits: 0,
  });
}
