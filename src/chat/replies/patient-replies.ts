import type { PatientDetails } from "../../services/patient-details.ts";
import type { PatientLabel } from "../../services/patient-label.ts";
import type { PatientPage } from "../../services/patient-list.ts";
import { monthLabel } from "../../time/calendar.ts";
import { actionNames, type Inline, type Reply, type ReplyBlock, textReply } from "../reply.ts";
import { formatServiceDate, minutesText, patientFullLabel } from "./wording.ts";

/** The value of a page button: the filter and the page to show, as JSON. */
export interface PatientPageRequest {
  filter: string;
  page: number;
}

/** Longest filter carried in a page button; Slack caps button values at 2000 characters. */
const maxFilterLength = 100;

export function encodePageRequest(request: PatientPageRequest): string {
  return JSON.stringify({ f: request.filter.slice(0, maxFilterLength), p: request.page });
}

/** Reads a page button's value; anything malformed gives the first page without a filter. */
export function decodePageRequest(value: string): PatientPageRequest {
  try {
    const parsed = JSON.parse(value) as { f?: unknown; p?: unknown };
    return {
      filter: typeof parsed.f === "string" ? parsed.f : "",
      page: typeof parsed.p === "number" && Number.isInteger(parsed.p) ? parsed.p : 0,
    };
  } catch {
    return { filter: "", page: 0 };
  }
}

/** One page of enrolled patients with this month's minutes, and buttons to turn pages. */
export function patientPageReply(result: PatientPage, filter: string): Reply {
  const filtered = filter.trim() === "" ? "" : ` matching “${filter.trim()}”`;
  if (result.total === 0) {
    return textReply("private", [
      `No enrolled patients${filtered}.`,
      filtered ? " Try a shorter filter, or none." : " Enroll one with /ccm enroll.",
    ]);
  }
  const heading: Inline[] = [
    { bold: `Enrolled patients${filtered}` },
    ` · ${result.total} · page ${result.page + 1} of ${result.pageCount} · minutes for ${monthLabel(result.month)}`,
  ];
  const lines: Inline[][] = [heading];
  for (const entry of result.patients) {
    const ending = entry.endsOn ? ` · ends ${formatServiceDate(entry.endsOn)}` : "";
    lines.push([
      `${patientFullLabel(entry.patient)} · ${entry.program.toUpperCase()} · `,
      { bold: minutesText(entry.monthMinutes) },
      ending,
    ]);
  }
  const blocks: ReplyBlock[] = [{ type: "text", lines }];
  const buttons = pageButtons(result, filter);
  if (buttons.length > 0) blocks.push({ type: "buttons", buttons });
  return {
    summary: `${result.total} enrolled patients, page ${result.page + 1} of ${result.pageCount}.`,
    blocks,
    audience: "private",
  };
}

function pageButtons(result: PatientPage, filter: string) {
  const buttons = [];
  if (result.page > 0) {
    buttons.push({
      label: "Previous page",
      action: actionNames.patientsPage,
      value: encodePageRequest({ filter, page: result.page - 1 }),
    });
  }
  if (result.page + 1 < result.pageCount) {
    buttons.push({
      label: "Next page",
      action: actionNames.patientsPage,
      value: encodePageRequest({ filter, page: result.page + 1 }),
    });
  }
  return buttons;
}

/** The candidates for a typed patient reference, with enrollment and this month's minutes. */
export function whoisReply(details: PatientDetails[], heading: string): Reply {
  const lines: Inline[][] = [[heading]];
  for (const entry of details) {
    lines.push([{ bold: patientFullLabel(entry.patient) }, ` · ${stateText(entry)}`]);
  }
  return {
    summary: `${details.length} patient${details.length === 1 ? "" : "s"} found.`,
    blocks: [{ type: "text", lines }],
    audience: "private",
  };
}

function stateText(entry: PatientDetails): string {
  const minutes = `${minutesText(entry.monthMinutes)} this month`;
  const enrollment = entry.enrollment;
  switch (enrollment.state) {
    case "enrolled": {
      const ending = enrollment.endsOn ? `, ends ${formatServiceDate(enrollment.endsOn)}` : "";
      return `${enrollment.program.toUpperCase()} since ${formatServiceDate(enrollment.startsOn)}${ending} · ${minutes}`;
    }
    case "starts_later":
      return `${enrollment.program.toUpperCase()} from ${formatServiceDate(enrollment.startsOn)} · ${minutes}`;
    case "ended": {
      const reason = enrollment.reason ? ` (${enrollment.reason})` : "";
      return `not enrolled: ended ${formatServiceDate(enrollment.endsOn)}${reason} · ${minutes}`;
    }
    case "never_enrolled":
      return "never enrolled";
  }
}

/** Asks which patient was meant, listing them by name, date of birth and MRN. */
export function whichPatientReply(candidates: PatientLabel[], retry: string): Reply {
  return textReply(
    "private",
    ["Several patients match. Send the command again with the MRN, such as ", { code: retry }, ":"],
    ...candidates.map((candidate) => [`• ${patientFullLabel(candidate)}`]),
  );
}
