// `npm run openapi`: writes docs/api/openapi.json from the content schemas (a unit test keeps it in sync).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildOpenApiDocument } from "#content-schemas/openapi";
import packageJson from "../package.json" with { type: "json" };
import { projectRoot } from "./services/paths";

const target = path.join(projectRoot, "docs", "api", "openapi.json");
mkdirSync(path.dirname(target), { recursive: true });
writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(packageJson.version), null, 2)}\n`);
console.log(`Đã ghi ${path.relative(projectRoot, target)}`);
