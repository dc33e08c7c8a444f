import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { projectRoot } from "./services/paths";
import { SetupError } from "./services/processes";

const BUILD_INPUTS = [
  "app",
  "content-schemas",
  "models",
  "public",
  "package-lock.json",
  "patches",
  "vite.config.ts",
  "remix.config.js",
];

function newestInputChange(): number {
  let newest = 0;
  const visit = (entry: string) => {
    if (!existsSync(entry)) return;
    const stats = statSync(entry);
    if (stats.isDirectory()) readdirSync(entry).forEach((child) => visit(path.join(entry, child)));
    else newest = Math.max(newest, stats.mtimeMs);
  };
  BUILD_INPUTS.forEach((entry) => visit(path.join(projectRoot, entry)));
  return newest;
}

/** Runs the production build unless build/ is newer than every input (keeps a second `npm run up` fast). */
export function buildIfStale(env: NodeJS.ProcessEnv = process.env) {
  const output = path.join(projectRoot, "build", "server", "index.js");
  if (existsSync(output) && statSync(output).mtimeMs >= newestInputChange()) return;
  console.log("• Biên dịch ứng dụng (remix vite:build) …");
  const result = spawnSync(path.join(projectRoot, "node_modules", ".bin", "remix"), ["vite:build"], {
    cwd: projectRoot,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) throw new SetupError("Biên dịch ứng dụng thất bại: xem lỗi ở trên.");
}
