import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.ts";

describe("loadConfig billing settings", () => {
  it("defaults to the safe choices", () => {
    const config = loadConfig({});

    expect(config.billing).toEqual({
      unitCaps: { "99437": 1, "99427": 1, "99425": 1 },
      allowCcmAndPcmAcrossPractitioners: false,
      feeScheduleFile: undefined,
    });
  });

  it("reads caps, the CCM and PCM choice and the fee file", () => {
    const config = loadConfig({
      CCM_MAX_UNITS_99437: "2",
      CCM_MAX_UNITS_99427: "3",
      CCM_MAX_UNITS_99425: "4",
      CCM_ALLOW_CCM_PCM_ACROSS_PRACTITIONERS: "1",
      CCM_FEE_SCHEDULE_FILE: "/etc/ccm/fees.json",
    });

    expect(config.billing).toEqual({
      unitCaps: { "99437": 2, "99427": 3, "99425": 4 },
      allowCcmAndPcmAcrossPractitioners: true,
      feeScheduleFile: "/etc/ccm/fees.json",
    });
  });

  it("names a bad cap", () => {
    expect(() => loadConfig({ CCM_MAX_UNITS_99437: "0" })).toThrow(ConfigError);
    expect(() => loadConfig({ CCM_MAX_UNITS_99437: "1.5" })).toThrow(
      "Invalid setting CCM_MAX_UNITS_99437: expected a whole number of units",
    );
  });
});
