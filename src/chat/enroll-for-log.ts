import type { ServiceContext } from "../services/context.ts";
import { enrollmentsOf } from "../services/enrollment-status.ts";
import { labelPatients } from "../services/patients.ts";
import { findPendingLog } from "../services/pending-logs.ts";
import type { Provider } from "../services/providers.ts";
import { localDateOf } from "../time/calendar.ts";
import { blankEnrollmentValues, knownPatientValues } from "./forms/enrollment-form.ts";
import type { FormValues } from "./forms/form.ts";
import { closedWaitingLogText } from "./replies/waiting-log-replies.ts";
import { formatServiceDate, minutesText } from "./replies/wording.ts";
import { actionNames, type Reply, textReply } from "./reply.ts";

/**
 * Handles the Enroll button on a log that could not be recorded. It opens the enrollment form
 * prefilled with what is known and tied to the waiting log, so that confirming records the log.
 * Platforms without dialogs show the one-line command instead, with a button to record the log.
 */
export async function enrollForWaitingLog(
  context: ServiceContext,
  provider: Provider,
  pendingLogId: number,
  instant: Date,
): Promise<Reply> {
  const pending = await findPendingLog(context, pendingLogId);
  if (!pending)
    return textReply("private", ["That waiting log no longer exists. Send the log again."]);
  if (pending.status !== "open") {
    return textReply("private", [closedWaitingLogText(pending.status)]);
  }

  const today = localDateOf(instant, context.timeZone);
  const userName = provider.displayName ?? undefined;
  const values = await prefill(context, pending.candidateIds, pending.unknownName, today, userName);
  const known = (id: string, fallback: string) => {
    const value = values[id];
    return typeof value === "string" && value !== "" ? value.replace(/\n/g, ", ") : fallback;
  };
  const example = `/ccm enroll ${known("name", "First Last")}, MRN ${known("mrn", "123456")}, DOB ${known("dateOfBirth", "YYYY-MM-DD")}, conditions: ${known("conditions", "diabetes, hypertension")}, consent: ${known("consentType", "verbal")} ${pending.serviceDate}, told: all`;
  return {
    summary: "Enroll the patient, then the waiting log is recorded.",
    blocks: [
      {
        type: "text",
        lines: [
          [
            `Your ${minutesText(pending.minutes)} on ${formatServiceDate(pending.serviceDate)} are kept. Enroll the patient with consent given on or before that day:`,
          ],
          [{ code: example }],
          ["Then press Log it to record the time."],
        ],
      },
      {
        type: "buttons",
        buttons: [
          {
            label: "Log it",
            action: actionNames.retryPendingLog,
            value: String(pendingLogId),
            style: "primary",
          },
        ],
      },
    ],
    audience: "private",
    form: { name: "enrollment", values, pendingLogId },
  };
}

async function prefill(
  context: ServiceContext,
  candidateIds: number[],
  unknownName: string | null,
  today: string,
  userName: string | undefined,
): Promise<FormValues> {
  const [patientId] = candidateIds;
  if (candidateIds.length === 1 && patientId !== undefined) {
    const [patient] = await labelPatients(context, [patientId]);
    if (patient) {
      const [latest] = await enrollmentsOf(context.db, patientId);
      return knownPatientValues(patient, latest, today, userName);
    }
  }
  return { ...blankEnrollmentValues(today, userName), name: unknownName ?? undefined };
}
