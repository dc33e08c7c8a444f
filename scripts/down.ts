// `npm run down`: stops the web server, the worker and the embedded services started by `npm run up`.
import { defaultDataDir } from "./services/paths";
import { stopProcess } from "./services/processes";
import { stopServices } from "./services/supervisor";

for (const name of ["web", "worker"]) {
  if (await stopProcess(defaultDataDir, name, 30_000)) console.log(`■ Đã dừng ${name}.`);
}
await stopServices(defaultDataDir);
console.log("✓ Đã dừng tất cả. Dữ liệu vẫn nằm trong .data/.");
