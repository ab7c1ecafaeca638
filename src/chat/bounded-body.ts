/**
 * Reads a fetch response's body up to `maxBytes`. It stops and cancels the stream as soon as the
 * body passes the limit, so a huge file is never held in memory, and returns "too_large" then.
 */
export async function readBodyUpTo(
  response: Response,
  maxBytes: number,
): Promise<Uint8Array | "too_large"> {
  if (!response.body) return new Uint8Array();

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks);
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return "too_large";
    }
    chunks.push(value);
  }
}
