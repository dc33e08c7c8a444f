import { startApp } from "./app-server";

export default async function globalSetup() {
  const app = await startApp();
  // Test workers are started after this and inherit the environment.
  process.env.E2E_BASE_URL = app.url;
  // Journeys that need a fresh account create it directly in the same database.
  Object.assign(process.env, app.services.env);
  return () => app.stop();
}
