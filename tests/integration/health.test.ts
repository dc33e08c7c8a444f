import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServices } from "../../scripts/services/supervisor";
import { stopProcess } from "../../scripts/services/processes";
import type * as HealthModule from "~/services/health.server";
import { startIsolatedServices, type IsolatedServices } from "../support/services";

// This file stops services on purpose, so it runs against its own private set.
let services: IsolatedServices;
let checkHealth: typeof HealthModule.checkHealth;

beforeAll(async () => {
  services = await startIsolatedServices("health");
  Object.assign(process.env, services.env, { HEALTH_TIMEOUT_MS: "1500" });
  ({ checkHealth } = await import("~/services/health.server"));
  const { ensureBucket } = await import("~/services/storage.server");
  await ensureBucket();
});

afterAll(async () => {
  const { disconnectDatabase } = await import("~/services/db.server");
  await disconnectDatabase();
  await services.stop();
});

function portsOf(env: Record<string, string>) {
  return {
    database: Number(new URL(env.MONGODB_URI ?? "").port),
    search: Number(new URL(env.MEILI_URL ?? "").port),
    storage: Number(new URL(env.S3_ENDPOINT ?? "").port),
  };
}

describe("health of the backing services", () => {
  it("reports every service up", async () => {
    expect(await checkHealth()).toMatchObject({ status: "ok", database: "up", search: "up", storage: "up" });
  });

  it.each(["database", "search", "storage"] as const)(
    "names %s when it stops, and recovers when the supervisor restarts it",
    async (service) => {
      await stopProcess(services.dataDir, service);
      const degraded = await checkHealth();
      expect(degraded.status).toBe("degraded");
      expect(degraded[service]).toBe("down");
      for (const other of (["database", "search", "storage"] as const).filter((name) => name !== service)) {
        expect(degraded[other]).toBe("up");
      }

      await startServices({ dataDir: services.dataDir, ports: portsOf(services.env), configured: {}, log: () => undefined });
      await expect.poll(async () => (await checkHealth()).status, { timeout: 20_000, interval: 500 }).toBe("ok");
    },
  );
});

describe("the shared repository while search is stopped", () => {
  it("answers from the database with a notice, within the permission rule, and searches again once it is back", async () => {
    const [
      { upsertOrganisation },
      { testActor },
      { Material },
      { searchRepository },
      { repositoryQuerySchema },
      { syncMaterialToSearch },
    ] = await Promise.all([
      import("~/domain/organisations/upsert-organisation.server"),
      import("../support/actors"),
      import("#models/material"),
      import("~/domain/search/search-repository.server"),
      import("#content-schemas/sharing"),
      import("~/domain/search/material-index.server"),
    ]);
    await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
    await upsertOrganisation({ code: "SGD-H", name: "Sở H", type: "province", parentCode: "BGDDT" });
    await upsertOrganisation({ code: "PGD-H", name: "Phòng H", type: "district", parentCode: "SGD-H" });
    await upsertOrganisation({ code: "TRUONG-HA", name: "Trường HA", type: "school", parentCode: "PGD-H" });
    const teacher = await testActor("h.giaovien", "TRUONG-HA", "teacher");
    const live = { title: "Phân số bằng nhau", subjectCode: "TOAN", grades: [6], licence: "CC-BY-4.0", publishedAt: new Date() };
    const material = await Material.create({
      kind: "link",
      ownerOrganisationId: teacher.organisationId,
      organisationPath: teacher.organisationPath,
      createdBy: teacher.id,
      title: live.title,
      subjectCode: "TOAN",
      grades: [6],
      status: "published",
      scope: "school",
      liveVersion: 1,
      live,
      versions: [{ number: 1, status: "published", title: live.title, subjectCode: "TOAN", grades: [6], createdBy: teacher.id }],
    } as Record<string, unknown>);
    await syncMaterialToSearch(String(material._id));
    const query = repositoryQuerySchema.parse({ q: "phan so" });
    expect(await searchRepository(teacher, query)).toMatchObject({ degraded: false, total: 1 });

    await stopProcess(services.dataDir, "search");
    expect((await checkHealth()).search).toBe("down");
    const fallback = await searchRepository(teacher, query);
    expect(fallback).toMatchObject({
      degraded: true,
      total: 1,
      items: [expect.objectContaining({ title: "Phân số bằng nhau" })],
    });
    // The index job fails (and is retried by the worker) instead of losing the change.
    await expect(syncMaterialToSearch(String(material._id))).rejects.toThrow();
    // The question bank's text search says so too, and still answers from the database.
    const { listQuestions } = await import("~/domain/questions/questions.server");
    const { listQuestionsQuerySchema } = await import("#content-schemas/questions");
    expect(await listQuestions(teacher, listQuestionsQuerySchema.parse({ q: "phan so" }))).toMatchObject({
      degraded: true,
      total: 0,
    });

    await startServices({ dataDir: services.dataDir, ports: portsOf(services.env), configured: {}, log: () => undefined });
    await expect
      .poll(async () => (await searchRepository(teacher, query)).degraded, { timeout: 20_000, interval: 500 })
      .toBe(false);
  });
});
