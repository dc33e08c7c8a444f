// Issue acceptance: two app instances on different ports, each with its own database. A material of
// instance A goes through review up to national scope; A's /oai answers validate against the
// OAI-PMH schemas; instance B's worker harvests A's /oai, and a teacher signed in on B sees A's item
// (page and API) with a link back to A. Both instances are the production build (tests/support/app-server.ts).
import { MongoBackend } from "@agendajs/mongo-backend";
import { Agenda } from "agenda";
import mongoose, { type Connection } from "mongoose";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { APPROVE, testActor } from "../support/actors";
import type { ExternalItem, ExternalItemList } from "#content-schemas/external-items";
import { createMaterialSchema } from "#content-schemas/materials";
import { oaiHarvestJob } from "#workers/jobs/oai-harvest";
import { createMaterial } from "~/domain/materials/materials.server";
import { decideNomination, nominate, reviewStep } from "~/domain/materials/review.server";
import { organisationByCode } from "~/domain/people/upsert-user.server";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { connectDatabase } from "~/services/db.server";
import { JOBS_COLLECTION } from "~/services/jobs.server";
import { DEMO_PASSWORD } from "../../scripts/seed/demo-data";
import { freePort } from "../../scripts/services/processes";
import { startAppInstance, type RunningInstance } from "../support/app-server";
import { expectValidOaiResponse } from "../support/oai-schema";
import { withDatabase } from "../support/services";

// Build (when stale), seeding and starting two instances, then review, harvest and sign-in.
const STARTUP_MS = 300_000;
const TEST_MS = 180_000;

const TITLE = "Bản đồ địa hình Việt Nam — liên thông hai kho";
const SUMMARY = "Bản đồ tương tác các vùng địa hình, dùng cho bài Địa lí tự nhiên Việt Nam.";

let instanceA: RunningInstance | undefined;
let instanceB: RunningInstance | undefined;
let databaseB: Connection | undefined;

beforeAll(async () => {
  // A is this file's database (the test acts on it through the domain functions); B gets a database,
  // search prefix and bucket of its own on the same servers, and harvests A.
  const servicesEnv = inject("servicesEnv");
  const databaseName = new URL(process.env.MONGODB_URI ?? "").pathname.slice(1);
  const portA = await freePort();
  [instanceA, instanceB] = await Promise.all([
    startAppInstance({ OAI_HARVEST_SOURCES: "" }, portA),
    startAppInstance({
      MONGODB_URI: withDatabase(servicesEnv.MONGODB_URI ?? "", `${databaseName}_b`),
      SEARCH_INDEX_PREFIX: `${process.env.SEARCH_INDEX_PREFIX ?? ""}b_`,
      S3_BUCKET: `${process.env.S3_BUCKET ?? ""}-b`,
      OAI_HARVEST_SOURCES: `http://127.0.0.1:${portA}/oai`,
    }),
  ]);
  await connectDatabase();
  databaseB = await mongoose.createConnection(instanceB.env.MONGODB_URI ?? "").asPromise();
}, STARTUP_MS);

afterAll(async () => {
  await Promise.all([instanceA?.stop(), instanceB?.stop()]);
  await databaseB?.dropDatabase();
  await databaseB?.close();
}, 60_000);

// ---------------------------------------------------------------------------------------------
// Instance A: a material reviewed at school, then nominated and approved by district, province and nation.

/** The demo data's school THPT Lê Quý Đôn (Phòng GDĐT huyện Tây, Sở GDĐT tỉnh Mẫu). */
async function publishNationally(): Promise<string> {
  const author = await testActor("lt.tacgia", "THPT-LE-QUY-DON", "teacher");
  const leader = await testActor("lt.totruong", "THPT-LE-QUY-DON", "teacher");
  const member = await testActor("lt.thanhvien", "THPT-LE-QUY-DON", "teacher");
  const school = await organisationByCode("THPT-LE-QUY-DON");
  const group = await saveSubjectGroup(school, {
    schoolId: String(school.id),
    name: "Tổ Sử – Địa",
    subjectCodes: ["DIA_LI"],
    leaderId: leader.id,
    memberIds: [leader.id, member.id, author.id],
  });
  expect(group.ok).toBe(true);
  const created = await createMaterial(
    author,
    createMaterialSchema.parse({
      kind: "link",
      url: "https://example.edu.vn/ban-do-dia-hinh",
      title: TITLE,
      summary: SUMMARY,
      subjectCode: "DIA_LI",
      grades: [10],
      authors: ["Trần Văn Địa"],
      licence: "CC-BY-SA-4.0",
    }),
  );
  if (!created.ok) throw new Error(created.reason);
  const id = created.value.id;
  const dueAt = new Date(Date.now() + 7 * 24 * 60 * 60_000);
  expect(await reviewStep(author, id, { action: "submit" })).toMatchObject({ ok: true });
  expect(await reviewStep(leader, id, { action: "assign", reviewerId: member.id, dueAt })).toMatchObject({ ok: true });
  expect(await reviewStep(member, id, { action: "decide", decision: APPROVE })).toMatchObject({ ok: true });
  for (const [level, office] of [
    ["district", "PGD-TAY"],
    ["province", "SGD-MAU"],
    ["national", "BGDDT"],
  ] as const) {
    const reviewer = await testActor(`lt.chuyenvien.${level}`, office, "reviewer");
    expect(await nominate(author, id)).toEqual({ ok: true, value: { level } });
    expect(await decideNomination(reviewer, id, APPROVE)).toEqual({ ok: true, value: { scope: level } });
  }
  return id;
}

// ---------------------------------------------------------------------------------------------
// Instance B: the harvest job, a sign-in, the page and the API.

/** Enqueues the harvest on B's queue, as the recurring schedule does, and waits for B's worker to finish it. */
async function runHarvestOnB() {
  const queue = new Agenda({ backend: new MongoBackend({ mongo: databaseB!.db!, collection: JOBS_COLLECTION }) });
  const job = await queue.now(oaiHarvestJob.name, {});
  const id = String(job.attrs._id);
  let finished: { state: string; failReason?: string } | undefined;
  await expect
    .poll(
      async () => {
        const [found] = (await queue.queryJobs({ id })).jobs;
        if (found && (found.state === "completed" || found.failReason)) finished = found;
        return finished;
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBeDefined();
  expect(finished?.failReason ?? null, "why the harvest job failed").toBeNull();
  expect(finished?.state).toBe("completed");
}

/** Signs in through B's login form; returns the session cookie. */
async function signInOnB(username: string) {
  const response = await fetch(`${instanceB!.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { origin: instanceB!.url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ login: username, password: DEMO_PASSWORD, redirectTo: "/" }),
  });
  expect(response.status).toBe(302);
  const cookie = response.headers.getSetCookie().find((value) => value.startsWith("khl_session="));
  expect(cookie).toBeDefined();
  return cookie!.split(";")[0]!;
}

it(
  "instance B harvests instance A's /oai and shows A's national item, linked back to A",
  async () => {
    const a = instanceA!;
    const b = instanceB!;
    const materialId = await publishNationally();
    const identifier = `oai:127.0.0.1:material/${materialId}`;
    const pageAtA = `${a.url}/materials/${materialId}`;

    // A's provider: valid OAI-PMH, and only the national item (the demo teacher's drafts stay private).
    const identify = await (await fetch(`${a.url}/oai?verb=Identify`)).text();
    await expectValidOaiResponse(identify);
    const records = await (await fetch(`${a.url}/oai?verb=ListRecords&metadataPrefix=oai_dc`)).text();
    await expectValidOaiResponse(records);
    expect(records.match(/<record>/g)).toHaveLength(1);
    expect(records).toContain(`<identifier>${identifier}</identifier>`);
    expect(records).toContain(`<dc:identifier>${pageAtA}</dc:identifier>`);
    expect(records).toContain(TITLE);

    await runHarvestOnB();
    const source = `${a.url}/oai`;
    const state = await databaseB!.collection("harvestsources").findOne({ source });
    expect(state).toMatchObject({ lastError: null, lastRecordCount: 1 });

    const teacher = await signInOnB("gv.minh");
    const api = async (path: string, cookie = teacher) => fetch(`${b.url}/api/v1/external-items${path}`, { headers: { cookie } });
    const listResponse = await api("");
    expect(listResponse.status).toBe(200);
    const list = (await listResponse.json()) as ExternalItemList;
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      source,
      sourceHost: new URL(a.url).host,
      identifier,
      title: TITLE,
      description: SUMMARY,
      url: pageAtA,
      creators: ["Trần Văn Địa"],
      subjects: ["Địa lí", "Lớp 10"],
      rights: "CC-BY-SA-4.0",
    } satisfies Partial<ExternalItem>);
    expect(list.facets.sources).toEqual([{ source, sourceHost: new URL(a.url).host, count: 1 }]);
    // Searching without accents finds it, once B's worker has run the search sync the harvest queued; the single
    // item is also readable by id.
    await expect
      .poll(async () => ((await (await api("?q=dia%20hinh")).json()) as ExternalItemList).total, { timeout: 30_000 })
      .toBe(1);
    expect(((await (await api("?q=kh%C3%B4ng%20c%C3%B3")).json()) as ExternalItemList).total).toBe(0);
    expect(await (await api(`/${list.items[0]!.id}`)).json()).toMatchObject({ identifier, url: pageAtA });

    const page = await fetch(`${b.url}/repository/external`, { headers: { cookie: teacher } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(TITLE);
    expect(html).toContain("Kho ngoài · chỉ xem");
    expect(html).toMatch(new RegExp(`<a href="${pageAtA}" target="_blank" rel="noopener noreferrer"[^>]*>Mở tại nguồn`));

    // Students see only their class's materials: B refuses them the page and the API.
    const student = await signInOnB("hs.bao");
    expect((await fetch(`${b.url}/repository/external`, { headers: { cookie: student } })).status).toBe(403);
    expect((await api("", student)).status).toBe(403);

    // Harvested items are a mirror, not B's materials: B's own provider does not pass them on.
    const republished = await (await fetch(`${b.url}/oai?verb=ListRecords&metadataPrefix=oai_dc`)).text();
    await expectValidOaiResponse(republished);
    expect(republished).toContain('code="noRecordsMatch"');
  },
  TEST_MS,
);
