import { readdir, readFile } from "node:fs/promises";

/** A process and all its descendants (tsx launches the server as a child process). */
async function processTree(rootPid: number): Promise<Set<number>> {
  const parents = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
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
  return tree;
}

/** Resident memory of a process tree, from /proc. */
export async function processTreeRssBytes(rootPid: number): Promise<number> {
  let total = 0;
  for (const pid of await processTree(rootPid)) {
    try {
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      total += Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
    } catch {
      // Gone.
    }
  }
  return total;
}

/** Bytes a process tree has read and written through system calls (files and sockets alike), from /proc/<pid>/io. */
export async function processTreeIoBytes(rootPid: number): Promise<number> {
  let total = 0;
  for (const pid of await processTree(rootPid)) {
    try {
      const io = await readFile(`/proc/${pid}/io`, "utf8");
      total += Number(/rchar:\s+(\d+)/.exec(io)?.[1] ?? 0) + Number(/wchar:\s+(\d+)/.exec(io)?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return total;
}
