import path from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Built binaries and the Node.js runtime; shared by every data directory (dev, tests). */
export const cacheDir = path.resolve(projectRoot, process.env.KHL_CACHE_DIR ?? ".cache");
/** Data of the services started by `npm run up`; test runs use their own folders. */
export const defaultDataDir = path.resolve(projectRoot, process.env.KHL_DATA_DIR ?? ".data");
