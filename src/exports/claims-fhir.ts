import type { Bundle, Claim, Money, Practitioner, Reference } from "@medplum/fhirtypes";
import { ruleForCode } from "../billing/code-rules.ts";
import type { ExportedClaim } from "../services/claims-export.ts";
import { addDays, monthBounds } from "../time/calendar.ts";

/** Identifier systems for the bot's own ids; a practice maps them to its billing system's. */
export const fhirSystems = {
  cpt: "http://www.ama-assn.org/go/cpt",
  claimType: "http://terminology.hl7.org/CodeSystem/claim-type",
  priority: "http://terminology.hl7.org/CodeSystem/processpriority",
  identifierType: "http://terminology.hl7.org/CodeSystem/v2-0203",
  informationCategory: "http://terminology.hl7.org/CodeSystem/claiminformationcategory",
  ucum: "http://unitsofmeasure.org",
  claim: "urn:ccm-bot:claim",
  encounter: "urn:ccm-bot:encounter",
  provider: "urn:ccm-bot:provider",
  export: "urn:ccm-bot:claims-export",
} as const;

/**
 * Builds a FHIR R4 Bundle (type `collection`) of a month's claims, one Claim resource with one item
 * per claim. The patient is referenced by MRN and the encounters by the bot's encounter ids. The
 * bot keeps no payer data, so each claim's insurance names the coverage on file at the practice.
 */
export function claimsToFhirBundle(
  month: string,
  claims: readonly ExportedClaim[],
  exportedAt: Date,
): Bundle<Claim> {
  return {
    resourceType: "Bundle",
    identifier: { system: fhirSystems.export, value: month },
    type: "collection",
    timestamp: exportedAt.toISOString(),
    // FHIR JSON allows no empty arrays, so a month without claims has no `entry`.
    ...(claims.length > 0
      ? { entry: claims.map((claim) => ({ resource: toFhirClaim(claim) })) }
      : {}),
  };
}

function toFhirClaim(claim: ExportedClaim): Claim {
  const { first, next } = monthBounds(claim.month);
  const practitioner: Reference<Practitioner> = claim.practitioner
    ? {
        identifier: { system: fhirSystems.provider, value: String(claim.practitioner.id) },
        display: claim.practitioner.name,
      }
    : { display: "Billing practitioner not recorded: only clinical staff logged time" };
  const net = money(claim.expectedCents);
  const unitPrice = money(
    claim.expectedCents === null ? null : Math.round(claim.expectedCents / claim.units),
  );

  return {
    resourceType: "Claim",
    id: `claim-${claim.claimId}`,
    identifier: [{ system: fhirSystems.claim, value: String(claim.claimId) }],
    status: "active",
    type: { coding: [{ system: fhirSystems.claimType, code: "professional" }] },
    use: "claim",
    patient: {
      identifier: {
        type: { coding: [{ system: fhirSystems.identifierType, code: "MR" }] },
        value: claim.patientMrn,
      },
    },
    billablePeriod: { start: first, end: addDays(next, -1) },
    created: claim.createdAt.toISOString(),
    provider: practitioner,
    priority: { coding: [{ system: fhirSystems.priority, code: "normal" }] },
    ...(claim.practitioner ? { careTeam: [{ sequence: 1, provider: practitioner }] } : {}),
    supportingInfo: [
      {
        sequence: 1,
        category: { coding: [{ system: fhirSystems.informationCategory, code: "info" }] },
        code: { text: "Care management minutes counted in the month" },
        valueQuantity: {
          value: claim.totalMinutes,
          unit: "min",
          system: fhirSystems.ucum,
          code: "min",
        },
      },
    ],
    insurance: [{ sequence: 1, focal: true, coverage: { display: "Coverage on file" } }],
    item: [
      {
        sequence: 1,
        ...(claim.practitioner ? { careTeamSequence: [1] } : {}),
        informationSequence: [1],
        productOrService: {
          coding: [
            {
              system: fhirSystems.cpt,
              code: claim.code,
              display: ruleForCode(claim.code)?.description,
            },
          ],
        },
        servicedDate: claim.dateOfService,
        quantity: { value: claim.units },
        ...(unitPrice ? { unitPrice } : {}),
        ...(net ? { net } : {}),
        encounter: claim.encounterIds.map((id) => ({
          identifier: { system: fhirSystems.encounter, value: String(id) },
        })),
      },
    ],
    ...(net ? { total: net } : {}),
  };
}

function money(cents: number | null): Money | undefined {
  return cents === null ? undefined : { value: cents / 100, currency: "USD" };
}
