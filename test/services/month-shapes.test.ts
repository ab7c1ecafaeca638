import { expect, it } from "vitest";
import { markMonthComplex } from "../../src/services/complex-month.ts";
import { loadMonthShapes, patientsPerQuery } from "../../src/services/month-shapes.ts";
import { createTestContext } from "../support/context.ts";
import { describeDatabases } from "../support/databases.ts";
import { addProvider, enrollTestPatient } from "../support/seed.ts";

describeDatabases("loadMonthShapes", (database) => {
  it("reads program and complex month", async () => {
    const context = createTestContext(database().db);
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    const jane = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    const john = await enrollTestPatient(context, nurse, {
      name: "John Roe",
      mrn: "100243",
      program: "pcm",
    });
    await markMonthComplex(context, nurse, { patientId: jane, month: "2026-03", complex: true });

    const shapes = await loadMonthShapes(database().db, [jane, john], "2026-03");

    expect(shapes.get(jane)).toEqual({ program: "ccm", complex: true });
    expect(shapes.get(john)).toEqual({ program: "pcm" });
  });

  it("reads more patients than one query binds", async () => {
    const context = createTestContext(database().db);
    const nurse = await addProvider(database().db, { userId: "UNURSE" });
    const jane = await enrollTestPatient(context, nurse, { name: "Jane Doe", mrn: "100234" });
    const john = await enrollTestPatient(context, nurse, { name: "John Roe", mrn: "100243" });
    await markMonthComplex(context, nurse, { patientId: john, month: "2026-03", complex: true });
    // Unknown ids fill the list so Jane and John fall in different batches, past the
    // 65,535 bind parameters PostgreSQL takes in one statement.
    const unknownIds = Array.from({ length: 70_000 }, (_, index) => 1_000_000 + index);
    const ids = [jane, ...unknownIds, john];

    const shapes = await loadMonthShapes(database().db, ids, "2026-03");

    expect(ids.length).toBeGreaterThan(patientsPerQuery);
    expect(shapes.get(jane)).toEqual({ program: "ccm" });
    expect(shapes.get(john)).toEqual({ program: "ccm", complex: true });
    expect(shapes.size).toBe(2);
  });
});
