import { startApp } from "./app-server";

export default async function globalSetup() {
  const app = await startApp();
  // Test workers are started after this and inherit the environment.
  process.env.E2E_BASE_URL = app.url;
  return () => app.stop();
}
