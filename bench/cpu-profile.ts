import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const projectRoot = fileURLToPath(new URL("..", import.meta.url));

/** The parts of a V8 CPU profile (`node --cpu-prof`) that a summary needs. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
  timeDeltas: number[];
}

/** A share of the sampled CPU time, by where the code comes from. */
export interface ProfileShare {
  category: string;
  share: number;
}

/**
 * Reads the `.cpuprofile` files in `directory` and sums their self time by category: a package
 * under node_modules, a folder of this project, Node.js itself, a native function, or V8's
 * garbage collector. Idle time is left out, so the shares add up to the busy time.
 */
export function summarizeCpuProfiles(directory: string): ProfileShare[] {
  const totals = new Map<string, number>();
  for (const file of readdirSync(directory).filter((name) => name.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(readFileSync(join(directory, file), "utf8")) as CpuProfile;
    addSelfTimes(profile, totals);
  }
  const busy = [...totals.values()].reduce((sum, value) => sum + value, 0);
  return [...totals]
    .map(([category, time]) => ({ category, share: busy > 0 ? time / busy : 0 }))
    .sort((a, b) => b.share - a.share);
}

function addSelfTimes(profile: CpuProfile, totals: Map<string, number>): void {
  const categories = new Map(
    profile.nodes.map((node) => [
      node.id,
      categorize(node.callFrame.functionName, node.callFrame.url),
    ]),
  );
  profile.samples.forEach((nodeId, position) => {
    const category = categories.get(nodeId);
    if (category === undefined) return;
    totals.set(category, (totals.get(category) ?? 0) + (profile.timeDeltas[position] ?? 0));
  });
}

/** Returns the origin of a function's code, or undefined for idle time. */
function categorize(functionName: string, url: string): string | undefined {
  if (functionName === "(idle)") return undefined;
  if (url === "") {
    if (functionName === "(garbage collector)") return "V8 garbage collector";
    if (functionName === "writeBuffer" || functionName === "writev") {
      return "socket writes (native)";
    }
    return "other native code and V8";
  }
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (packageMatch) return `${packageMatch[1]} (package)`;
  if (url.startsWith("node:internal/modules")) return "Node.js module loading (start-up)";
  if (url.startsWith("node:")) return "Node.js core (streams, sockets, fetch)";
  if (url.startsWith("file:")) {
    const [top = "", second = ""] = relative(projectRoot, fileURLToPath(url)).split("/");
    if (top === "src") return `src/${second}/ (this project)`;
    if (!top.startsWith("..")) return `${top}/ (this project)`;
  }
  return "other code";
}
