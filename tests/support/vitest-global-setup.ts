import type { TestProject } from "vitest/node";
import { startIsolatedServices } from "./services";

declare module "vitest" {
  export interface ProvidedContext {
    servicesEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject) {
  const services = await startIsolatedServices("integration");
  project.provide("servicesEnv", services.env);
  return () => services.stop();
}
