import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { withDatabase } from "./services";

// Each test file gets its own database, search-index prefix and bucket on the shared test services.
const fileId = randomBytes(4).toString("hex");
const servicesEnv = inject("servicesEnv");
Object.assign(process.env, servicesEnv, {
  NODE_ENV: "test",
  MONGODB_URI: withDatabase(servicesEnv.MONGODB_URI ?? "", `khl_test_${fileId}`),
  SEARCH_INDEX_PREFIX: `t${fileId}_`,
  S3_BUCKET: `khl-test-${fileId}`,
});

afterAll(async () => {
  const { default: mongoose } = await import("mongoose");
  if (mongoose.connection.readyState === 1) {
    await mongoose.connection.dropDatabase();
    await mongoose.disconnect();
  }
});
