import { Schema } from "mongoose";
import type { Agenda } from "agenda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { defineModel } from "#models/define";
import { OutboxMark, outboxEvent, outboxPlugin, type OutboxModel, type WithOutbox } from "#models/outbox";
import { job, registerJobs } from "#workers/jobs/define";
import { purgeFinishedJobs } from "#workers/jobs/purge-finished-jobs";
import { relayMarkedOnce, relayOutboxOnce, sweepOutboxOnce } from "#workers/outbox-relay";
import { connectDatabase } from "~/services/db.server";
import { getQueue, JOBS_COLLECTION, jobStatus } from "~/services/jobs.server";

const noteSchema = new Schema<{ title: string; state: string } & WithOutbox>({ title: String, state: String });
noteSchema.plugin(outboxPlugin);
const Note = defineModel("OutboxTestNote", noteSchema);

const handled: string[] = [];
let attempts = 0;

const recordNote = job({
  name: "test.record-note",
  input: z.object({ noteId: z.string(), eventId: z.string() }),
  async run({ noteId }) {
    handled.push(noteId);
  },
});

const flaky = job({
  name: "test.flaky",
  input: z.object({}).loose(),
  maxRetries: 3,
  async run() {
    attempts += 1;
    if (attempts < 3) throw new Error(`lỗi tạm thời lần ${attempts}`);
  },
});

let queue: Agenda;

beforeAll(async () => {
  await connectDatabase();
  queue = await getQueue();
  registerJobs(queue, [recordNote, flaky]);
  await queue.start();
});

afterAll(async () => {
  await queue.stop(false);
});

describe("job queue and outbox relay (real database)", () => {
  it("relays an event written atomically with its change into exactly one job per subscriber", async () => {
    const note = await Note.create({ title: "Giáo án", state: "draft" });
    await Note.updateOne(
      { _id: note._id, state: "draft" },
      { $set: { state: "submitted" }, $push: { outbox: outboxEvent("note.submitted", { noteId: String(note._id) }) } },
    );

    const options = { queue, sources: [Note as unknown as OutboxModel], subscriptions: { "note.submitted": [recordNote.name] } };
    expect(await relayOutboxOnce(options)).toBe(1);
    expect(await relayOutboxOnce(options)).toBe(0);
    expect((await Note.findById(note._id).lean())?.outbox).toEqual([]);

    await expect.poll(() => handled, { timeout: 15_000 }).toEqual([String(note._id)]);
    const { jobs } = await queue.queryJobs({ name: recordNote.name });
    expect(jobs).toHaveLength(1);
  });

  it("does not create a second job when the same event is relayed twice", async () => {
    const note = await Note.create({ title: "Đề kiểm tra", state: "draft" });
    const event = outboxEvent("note.submitted", { noteId: String(note._id) });
    await Note.updateOne({ _id: note._id }, { $push: { outbox: event } });
    const options = { queue, sources: [Note as unknown as OutboxModel], subscriptions: { "note.submitted": [recordNote.name] } };
    await relayOutboxOnce(options);
    // A relay that crashed before removing the event delivers it again.
    await Note.updateOne({ _id: note._id }, { $push: { outbox: event } });
    await relayOutboxOnce(options);
    const { jobs } = await queue.queryJobs({ name: recordNote.name, data: { eventId: String(event._id) } });
    expect(jobs).toHaveLength(1);
  });

  it("finds a changed document through its mark, without searching the collection", async () => {
    const options = { queue, sources: [Note as unknown as OutboxModel], subscriptions: { "note.submitted": [recordNote.name] } };
    await relayOutboxOnce(options);
    const created = await Note.create({
      title: "Phiếu học tập",
      state: "submitted",
      outbox: [outboxEvent("note.submitted", { noteId: "created" })],
    });
    const updated = await Note.findOneAndUpdate(
      { _id: created._id },
      { $push: { outbox: outboxEvent("note.submitted", { noteId: "updated" }) } },
      { returnDocument: "after" },
    );
    expect(updated?.outbox).toHaveLength(2);
    const marks = await OutboxMark.find({ source: Note.modelName, documentId: created._id }).lean();
    expect(marks).toHaveLength(2);

    expect(await relayMarkedOnce(options)).toBe(2);
    expect(await OutboxMark.countDocuments({ source: Note.modelName })).toBe(0);
    expect((await Note.findById(created._id).lean())?.outbox).toEqual([]);
    await expect.poll(() => handled, { timeout: 15_000 }).toEqual(expect.arrayContaining(["created", "updated"]));
  });

  it("relays an event whose mark was lost at the next sweep", async () => {
    const options = { queue, sources: [Note as unknown as OutboxModel], subscriptions: { "note.submitted": [recordNote.name] } };
    const note = await Note.create({ title: "Bài tập về nhà", state: "draft" });
    await Note.updateOne({ _id: note._id }, { $push: { outbox: outboxEvent("note.submitted", { noteId: "unmarked" }) } });
    // As if the process had died between the change and its mark.
    await OutboxMark.deleteMany({ source: Note.modelName });

    expect(await relayMarkedOnce(options)).toBe(0);
    expect(await sweepOutboxOnce(options)).toBe(1);
    expect((await Note.findById(note._id).lean())?.outbox).toEqual([]);
  });

  it("retries a failing job with backoff until it succeeds, and shows it to administrators", async () => {
    await queue.now(flaky.name, {});
    await expect.poll(() => attempts, { timeout: 40_000, interval: 500 }).toBe(3);
    await expect
      .poll(async () => (await jobStatus()).jobs.find((row) => row.name === flaky.name)?.state, { timeout: 10_000 })
      .toBe("completed");
    const status = await jobStatus();
    expect(status.overview.find((entry) => entry.name === flaky.name)?.completed).toBe(1);
  });
});

describe("purging finished jobs", () => {
  it("removes jobs that succeeded a day ago and failed ones after two weeks, never recurring or recent ones", async () => {
    const { connection } = await connectDatabase();
    const jobs = connection.collection(JOBS_COLLECTION);
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60_000);
    const probe = (label: string, fields: Record<string, unknown>) => ({ name: "test.purge-probe", data: { label }, ...fields });
    await jobs.insertMany([
      probe("succeeded 2 days ago", { nextRunAt: null, lastFinishedAt: daysAgo(2) }),
      probe("succeeded an hour ago", { nextRunAt: null, lastFinishedAt: daysAgo(1 / 24) }),
      probe("failed 2 days ago", { nextRunAt: null, failedAt: daysAgo(2), lastFinishedAt: daysAgo(2) }),
      probe("failed 15 days ago", { nextRunAt: null, failedAt: daysAgo(15), lastFinishedAt: daysAgo(15) }),
      probe("recurring", { nextRunAt: new Date(), lastFinishedAt: daysAgo(30) }),
    ]);
    await purgeFinishedJobs.run({});
    const left = await jobs.find({ name: "test.purge-probe" }).toArray();
    expect(left.map((entry) => (entry.data as { label: string }).label).sort()).toEqual([
      "failed 2 days ago",
      "recurring",
      "succeeded an hour ago",
    ]);
  });
});
