import { readdir, readFile } from "node:fs/promises";

/** Which part of the system a process is, from its command line (tsx launchers count with their server). */
function labelOf(commandLine: string): string | null {
  if (/ferretdb/.test(commandLine)) return "FerretDB";
  if (/\bmongod\b/.test(commandLine)) return "mongod";
  if (/meilisearch/.test(commandLine)) return "Meilisearch";
  if (/minio/.test(commandLine)) return "MinIO";
  if (/scripts\/serve\.ts/.test(commandLine)) return "web";
  if (/workers\/main\.ts/.test(commandLine)) return "worker";
  return null;
}

/**
 * CPU seconds used so far by each service and app process this benchmark started (all are its descendants:
 * the private services, the web server and the worker), from /proc/<pid>/stat, plus the benchmark itself.
 */
export async function cpuSecondsByPart(rootPid = process.pid): Promise<Map<string, number>> {
  const parents = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      parents.set(Number(entry), Number(fields[1]));
      // utime and stime, in clock ticks (100 per second on Linux).
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      // The process ended while we looked.
    }
  }
  const tree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parents) {
      if (tree.has(parent) && !tree.has(pid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  const totals = new Map<string, number>();
  for (const pid of tree) {
    if (pid === rootPid) continue;
    const commandLine = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    const label = labelOf(commandLine.replace(/\0/g, " "));
    if (label) totals.set(label, (totals.get(label) ?? 0) + (ticks.get(pid) ?? 0) / 100);
  }
  const own = process.cpuUsage();
  totals.set("benchmark", (own.user + own.system) / 1e6);
  return totals;
}

/** CPU use of each part between two readings, as a percentage of one core over `seconds`. */
export function cpuPercent(before: Map<string, number>, after: Map<string, number>, seconds: number): string {
  return [...after]
    .map(([label, used]) => [label, ((used - (before.get(label) ?? 0)) / seconds) * 100] as const)
    .sort((a, b) => b[1] - a[1])
    .map(([label, percent]) => `${label} ${percent.toFixed(0)}%`)
    .join(", ");
}
