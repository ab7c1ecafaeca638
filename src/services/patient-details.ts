import type { Program } from "../../db/schema/index.ts";
import { localDateOf, monthOf } from "../time/calendar.ts";
import type { ServiceContext } from "./context.ts";
import { coversDate, enrollmentsOf } from "./enrollment-status.ts";
import { monthTotalMinutes } from "./month-summary.ts";
import type { PatientLabel } from "./patient-label.ts";

export type EnrollmentState =
  | { state: "enrolled"; program: Program; startsOn: string; endsOn: string | null }
  | { state: "starts_later"; program: Program; startsOn: string }
  | { state: "ended"; endsOn: string; reason: string | null }
  | { state: "never_enrolled" };

export interface PatientDetails {
  patient: PatientLabel;
  enrollment: EnrollmentState;
  /** Active minutes with service dates in the current month. */
  monthMinutes: number;
  /** How many enrollment periods are on file, the current one included. */
  periodCount: number;
}

/** Enrollment state today and this month's minutes for each patient, in the order given. */
export async function describePatients(
  context: ServiceContext,
  labels: PatientLabel[],
): Promise<PatientDetails[]> {
  const today = localDateOf(context.now(), context.timeZone);
  const month = monthOf(today);
  const details: PatientDetails[] = [];
  for (const patient of labels) {
    const periods = await enrollmentsOf(context.db, patient.id);
    details.push({
      patient,
      enrollment: stateOn(periods, today),
      monthMinutes: await monthTotalMinutes(context.db, patient.id, month),
      periodCount: periods.length,
    });
  }
  return details;
}

function stateOn(
  periods: Awaited<ReturnType<typeof enrollmentsOf>>,
  today: string,
): EnrollmentState {
  const current = periods.find((period) => coversDate(period, today));
  if (current) {
    return {
      state: "enrolled",
      program: current.program,
      startsOn: current.startsOn,
      endsOn: current.endsOn,
    };
  }
  const upcoming = periods.find(
    (period) =>
      period.startsOn > today && (period.endsOn === null || period.endsOn >= period.startsOn),
  );
  if (upcoming)
    return { state: "starts_later", program: upcoming.program, startsOn: upcoming.startsOn };
  const ended = periods.find((period) => period.endsOn !== null && period.endsOn < today);
  if (ended?.endsOn) return { state: "ended", endsOn: ended.endsOn, reason: ended.endReason };
  return { state: "never_enrolled" };
}
