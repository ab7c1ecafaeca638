/**
 * Entry point of a benchmark child process (see child-process.ts). Each mode's modules are
 * imported only in that mode, so the idle process loads nothing but the TypeScript loader.
 */
import type { ChildOptions } from "./child-process.ts";
import { report, sampleMemory, serveParent, settle } from "./child-runtime.ts";

async function main(): Promise<void> {
  const options = JSON.parse(process.env.BENCH_CHILD_OPTIONS ?? "{}") as ChildOptions;
  if (options.mode === "bot") {
    const { runBot } = await import("./bot-child.ts");
    await runBot(options);
  } else if (options.mode === "reference") {
    const { runReference } = await import("./reference-child.ts");
    await runReference(options);
  } else if (options.mode === "slack-api") {
    const { runSlackApi } = await import("./slack-api-child.ts");
    await runSlackApi();
  } else {
    await settle();
    report({ type: "ready", memory: sampleMemory() });
    await serveParent(async () => {});
    report({ type: "stopped", errorLogs: 0 });
  }
}

main().then(
  () => {
    process.disconnect?.();
    // A handle left open by a library would keep a finished child alive, and the parent waits
    // for the exit. This timer ends such a child, and it does not keep the process alive itself.
    setTimeout(() => process.exit(0), 5_000).unref();
  },
  (error: unknown) => {
    report({ type: "failed", error: (error as Error).stack ?? String(error) });
    process.exitCode = 1;
    process.disconnect?.();
  },
);
