import { describe, expect, it } from "vitest";
import { readBodyUpTo } from "../../src/chat/bounded-body.ts";

/** Builds a response whose body arrives in the given chunks, and records whether it was cancelled. */
function chunkedResponse(chunks: string[]) {
  const state = { cancelled: false, pulled: 0 };
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[state.pulled];
      state.pulled += 1;
      if (chunk === undefined) controller.close();
      else controller.enqueue(encoder.encode(chunk));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { response: new Response(body), state };
}

describe("readBodyUpTo", () => {
  it("returns a body within the limit", async () => {
    const { response } = chunkedResponse(["mrn,name\n", "100234,Jane Doe\n"]);

    const body = await readBodyUpTo(response, 100);

    expect(new TextDecoder().decode(body as Uint8Array)).toBe("mrn,name\n100234,Jane Doe\n");
  });

  it("accepts a body of exactly the limit", async () => {
    const { response } = chunkedResponse(["12345", "67890"]);

    const body = await readBodyUpTo(response, 10);

    expect(body).not.toBe("too_large");
    expect((body as Uint8Array).byteLength).toBe(10);
  });

  it("stops reading past the limit", async () => {
    const { response, state } = chunkedResponse(["12345", "67890", "1", "never read"]);

    const body = await readBodyUpTo(response, 10);

    expect(body).toBe("too_large");
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(4);
  });
});
