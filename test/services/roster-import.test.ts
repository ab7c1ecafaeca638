import { expect, it } from "vitest";
import { auditEvents, enrollments, patients } from "../../db/schema/index.ts";
import { importRoster } from "../../src/services/roster-import.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider } from "../support/seed.ts";

const header = "name,MRN,date of birth,conditions,consent type,consent date";

describeDatabases("importRoster", (database) => {
  async function setup() {
    const context = createTestContext(database().db);
    const admin = await addProvider(database().db, { userId: "UADMIN", role: "admin" });
    return { context, admin };
  }

  async function counts() {
    const db = database().db;
    return [
      (await db.select().from(patients)).length,
      (await db.select().from(enrollments)).length,
      (await db.select().from(auditEvents)).length,
    ];
  }

  it("rejects a row with a control character", async () => {
    const { context, admin } = await setup();
    const csv = [
      header,
      "Ja\u0000ne Roe,100235,1950-04-02,diabetes;hypertension,verbal,2026-03-01",
      "Jane Doe,100234,1950-04-02,diabetes;hyper\u0007tension,verbal,2026-03-01",
      "Ann Lee,100300,1950-01-01,asthma;COPD,verbal,2026-03-01",
    ].join("\n");

    const result = await importRoster(context, admin, csv);

    expect(result.status).toBe("imported");
    if (result.status !== "imported") return;
    expect(result.rows.map((row) => [row.line, row.status])).toEqual([
      [2, "rejected"],
      [3, "rejected"],
      [4, "added"],
    ]);
    const [name, conditions] = result.rows;
    expect(name).toMatchObject({
      status: "rejected",
      reasons: expect.arrayContaining([
        expect.stringContaining("name contains an invisible control character (U+0000)"),
      ]),
    });
    expect(conditions).toMatchObject({
      status: "rejected",
      reasons: expect.arrayContaining([
        expect.stringContaining("conditions contains an invisible control character (U+0007)"),
      ]),
    });
    expect(await database().db.select().from(patients)).toHaveLength(1);
  });

  it("reports each row as added, updated or rejected", async () => {
    const { context, admin } = await setup();
    const csv = [
      header,
      "Jane Doe,100234,1950-04-02,diabetes;hypertension,verbal,2026-03-01",
      '"Doe, John",100243,9/12/1948,"COPD, heart failure",written,3/2/2026',
      "Ann Lee,100300,2030-01-01,asthma,verbal,2026-03-01",
      "Mary Major,100234,1960-01-01,asthma;COPD,verbal,2026-03-01",
      "Jane Doe,100234,1950-04-02,diabetes;hypertension;CKD,verbal,2026-03-01",
      "Bob Ray,100400,1955-05-05,asthma;COPD,,2026-03-01",
    ].join("\n");

    const result = await importRoster(context, admin, csv);

    expect(result.status).toBe("imported");
    if (result.status !== "imported") return;
    expect(result.rows.map((row) => [row.line, row.status])).toEqual([
      [2, "added"],
      [3, "added"],
      [4, "rejected"],
      [5, "rejected"],
      [6, "updated"],
      [7, "rejected"],
    ]);
    const [, , future, duplicate, , noConsent] = result.rows;
    expect(future?.status === "rejected" && future.reasons.join(" ")).toContain(
      "date of birth is in the future",
    );
    expect(future?.status === "rejected" && future.reasons.join(" ")).toContain(
      "at least 2 chronic conditions",
    );
    expect(duplicate?.status === "rejected" && duplicate.reasons.join(" ")).toContain(
      "already belongs to another patient",
    );
    expect(noConsent?.status === "rejected" && noConsent.reasons.join(" ")).toContain(
      "Consent is missing",
    );

    const rows = await database().db.select().from(patients).orderBy(patients.mrn);
    expect(rows.map((row) => [row.name, row.mrn, row.dateOfBirth])).toEqual([
      ["Jane Doe", "100234", "1950-04-02"],
      ["John Doe", "100243", "1948-09-12"],
    ]);
    const jane = (await database().db.select().from(enrollments)).find(
      (row) => row.patientId === rows[0]?.id,
    );
    expect(jane?.conditions).toEqual(["diabetes", "hypertension", "CKD"]);
  });

  it("updates on a second import of the same MRN", async () => {
    const { context, admin } = await setup();
    await importRoster(
      context,
      admin,
      `${header}\nJane Doe,100234,1950-04-02,diabetes;COPD,verbal,2026-03-01\n`,
    );

    const result = await importRoster(
      context,
      admin,
      `${header}\nJane Doe,100234,1950-04-02,diabetes;COPD,written,2026-03-01\n`,
    );

    expect(result.status === "imported" && result.rows[0]).toMatchObject({
      status: "updated",
      changes: [{ field: "consentType", from: "verbal", to: "written" }],
    });
    expect(await database().db.select().from(patients)).toHaveLength(1);
    expect(await database().db.select().from(enrollments)).toHaveLength(1);
  });

  it("imports Windows line endings, a BOM and quoted commas", async () => {
    const { context, admin } = await setup();
    const bytes = Buffer.from(
      `\uFEFF${header}\r\n"Doe, Jane",100234,1950-04-02,"diabetes, COPD",verbal,2026-03-01\r\n`,
      "utf8",
    );

    const result = await importRoster(context, admin, bytes);

    expect(result.status === "imported" && result.rows.map((row) => row.status)).toEqual(["added"]);
    const [patient] = await database().db.select().from(patients);
    expect(patient?.name).toBe("Jane Doe");
    const [enrollment] = await database().db.select().from(enrollments);
    expect(enrollment?.conditions).toEqual(["diabetes", "COPD"]);
  });

  it("rejects a row with an unquoted comma", async () => {
    const { context, admin } = await setup();

    const result = await importRoster(
      context,
      admin,
      `${header}\nDoe, Jane,100234,1950-04-02,diabetes;COPD,verbal,2026-03-01\n`,
    );

    expect(result.status === "imported" && result.rows[0]).toMatchObject({ status: "rejected" });
    expect(
      result.status === "imported" &&
        result.rows[0]?.status === "rejected" &&
        result.rows[0].reasons[0],
    ).toContain("quote values that contain commas");
    expect(await counts()).toEqual([0, 0, 0]);
  });

  it("writes nothing for a file-level problem", async () => {
    const { context, admin } = await setup();
    const row = "Jane Doe,100234,1950-04-02,diabetes;COPD,verbal,2026-03-01";
    const files: [string, string | Buffer][] = [
      [
        "missing_columns",
        `name,MRN,conditions,consent type,consent date\nJane Doe,100234,a;b,verbal,2026-03-01\n`,
      ],
      ["empty", ""],
      [
        "too_large",
        Buffer.concat([Buffer.from(`${header}\n${row}\n`), Buffer.alloc(10 * 1024 * 1024, " ")]),
      ],
      ["no_rows", `${header}\r\n`],
    ];

    for (const [code, content] of files) {
      const result = await importRoster(context, admin, content);
      expect(result.status === "file_error" && result.error.code).toBe(code);
    }
    expect(await counts()).toEqual([0, 0, 0]);
  });
});
