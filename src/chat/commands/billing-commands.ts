import { resolvePatient } from "../../patients/index.ts";
import { canManageClaims } from "../../services/claim-status.ts";
import { markMonthComplex } from "../../services/complex-month.ts";
import { billingSettingsOf } from "../../services/context.ts";
import { exportFormats, exportMonth, isExportFormat } from "../../services/export-month.ts";
import { closeMonth, reopenMonth } from "../../services/month-close.ts";
import { currentMonth } from "../../services/month-summary.ts";
import { labelPatients } from "../../services/patients.ts";
import type { Provider } from "../../services/providers.ts";
import { isValidMonth, monthLabel } from "../../time/calendar.ts";
import { replyToClose, replyToComplex, replyToReopen } from "../replies/month-replies.ts";
import { patientFullLabel } from "../replies/wording.ts";
import { textReply } from "../reply.ts";
import type { Command } from "./command.ts";

export const closeCommand: Command = {
  name: "close",
  usage: "close YYYY-MM",
  summary: "close a billing month: later logs, undos and edits in it are refused (billing staff)",
  async run(context, request) {
    const month = request.args.trim();
    return replyToClose(await closeMonth(context, request.provider as Provider, month));
  },
};

export const reopenCommand: Command = {
  name: "reopen",
  usage: "reopen YYYY-MM",
  summary: "reopen a closed billing month for a correction (billing staff)",
  async run(context, request) {
    const month = request.args.trim();
    return replyToReopen(await reopenMonth(context, request.provider as Provider, month));
  },
};

export const complexCommand: Command = {
  name: "complex",
  usage: "complex PATIENT [YYYY-MM] [off]",
  summary: "mark a patient-month complex so it bills 99487/99489, or clear the mark with off",
  async run(context, request) {
    const parsed = /^(.*?)(?:\s+(\d{4}-\d{2}))?(?:\s+(off))?\s*$/i.exec(request.args.trim());
    const patientText = parsed?.[1]?.trim() ?? "";
    const month = parsed?.[2] ?? currentMonth(context);
    if (patientText === "" || !isValidMonth(month)) {
      return textReply("private", [
        "Which patient and month? Try ",
        { code: "/ccm complex Jane Doe 2026-03" },
        ", or add ",
        { code: "off" },
        " to clear the mark.",
      ]);
    }
    const reference = resolvePatient(patientText, await context.roster.get(context)).reference;
    if (reference?.status === "ambiguous") {
      const candidates = await labelPatients(context, reference.candidates.map(Number));
      return textReply("private", [
        `Several patients match: ${candidates.map(patientFullLabel).join("; ")}. Use the MRN, such as `,
        { code: `/ccm complex MRN ${candidates[0]?.mrn ?? "100234"} ${month}` },
        ".",
      ]);
    }
    if (reference?.status !== "matched") {
      return textReply("private", [
        `No enrolled patient matches “${patientText}”. Use the full name or the MRN.`,
      ]);
    }
    const result = await markMonthComplex(context, request.provider as Provider, {
      patientId: Number(reference.id),
      month,
      complex: parsed?.[3] === undefined,
    });
    return replyToComplex(result, month);
  },
};

export const exportCommand: Command = {
  name: "export",
  usage: `export YYYY-MM [${exportFormats.join("|")}]`,
  summary: "send yourself a month's claims as a file (billing staff)",
  async run(context, request) {
    const [month = "", format = "csv"] = request.args.trim().split(/\s+/);
    const provider = request.provider as Provider;
    if (!canManageClaims(provider)) {
      return textReply("private", ["Only billing staff or an admin can export claims."]);
    }
    if (!isValidMonth(month) || !isExportFormat(format.toLowerCase())) {
      return textReply("private", [
        `Invalid export request “${request.args.trim()}”. Try `,
        { code: "/ccm export 2026-03" },
        " or ",
        { code: "/ccm export 2026-03 fhir" },
        ".",
      ]);
    }
    const file = await exportMonth(
      context.db,
      billingSettingsOf(context),
      month,
      format.toLowerCase() as "csv" | "fhir",
      context.now(),
    );
    const claims = `${file.claimCount} claim${file.claimCount === 1 ? "" : "s"}`;
    return {
      ...textReply("private", [
        `Claims export for ${monthLabel(month)}: ${claims}, sent to you as ${file.filename}.`,
      ]),
      files: [{ filename: file.filename, title: file.filename, content: file.content }],
    };
  },
};
