import { Types } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Organisation } from "#models/organisation";
import { Subject } from "#models/subject";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { listSubjects } from "~/domain/curriculum/list-subjects.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { connectDatabase, deleteInBatches } from "~/services/db.server";

beforeAll(async () => {
  await connectDatabase();
  await Promise.all([Organisation.init(), Subject.init()]);
});

afterAll(async () => {
  await Organisation.deleteMany({});
});

describe("database round trip (real MongoDB-compatible server)", () => {
  it("stores and reads back a document with Vietnamese text", async () => {
    const created = await Organisation.create({
      code: "THPT-VIET-DUC",
      name: "Trường THPT Việt Đức",
      type: "school",
      schoolLevel: "upper_secondary",
    });
    const found = await Organisation.findById(created._id).lean();
    expect(found).toMatchObject({ code: "THPT-VIET-DUC", name: "Trường THPT Việt Đức", type: "school" });
  });

  it("enforces the unique index on the official code", async () => {
    await Organisation.create({ code: "THCS-DUP", name: "Trường A", type: "school" });
    await expect(Organisation.create({ code: "THCS-DUP", name: "Trường B", type: "school" })).rejects.toMatchObject({
      code: 11000,
    });
    expect(await Organisation.countDocuments({ code: "THCS-DUP" })).toBe(1);
  });

  it("keeps the ancestor path so a whole district is one indexed query", async () => {
    const national = await upsertOrganisation({ code: "BGDDT", name: "Bộ GDĐT", type: "national" });
    const province = await upsertOrganisation({ code: "SGD-A", name: "Sở A", type: "province", parentCode: "BGDDT" });
    const district = await upsertOrganisation({ code: "PGD-A1", name: "Phòng A1", type: "district", parentCode: "SGD-A" });
    await upsertOrganisation({ code: "THCS-A1", name: "THCS A1", type: "school", parentCode: "PGD-A1" });
    await upsertOrganisation({ code: "THPT-A1", name: "THPT A1", type: "school", parentCode: "PGD-A1" });

    const school = await Organisation.findOne({ code: "THCS-A1" }).lean();
    expect(school?.ancestorIds.map(String)).toEqual([national, province, district].map(String));
    const underDistrict = await Organisation.find({ ancestorIds: district, type: "school" }).lean();
    expect(underDistrict.map((organisation) => organisation.code).sort()).toEqual(["THCS-A1", "THPT-A1"]);
  });

  it("refuses a school placed directly under a province, and writes nothing", async () => {
    await upsertOrganisation({ code: "BGDDT", name: "Bộ GDĐT", type: "national" });
    await upsertOrganisation({ code: "SGD-B", name: "Sở B", type: "province", parentCode: "BGDDT" });
    await expect(upsertOrganisation({ code: "THPT-B", name: "THPT B", type: "school", parentCode: "SGD-B" })).rejects.toThrow(
      /phải thuộc một đơn vị loại district/,
    );
    expect(await Organisation.countDocuments({ code: "THPT-B" })).toBe(0);
  });

  it("imports the curriculum catalogue idempotently and lists it by grade in catalogue order", async () => {
    const first = await importSubjects(GDPT_2018_SUBJECTS);
    const second = await importSubjects(GDPT_2018_SUBJECTS);
    expect(first.created).toBe(GDPT_2018_SUBJECTS.length);
    expect(second.created).toBe(0);
    expect(await Subject.countDocuments()).toBe(GDPT_2018_SUBJECTS.length);

    const grade1 = await listSubjects({ grade: 1 });
    expect(grade1.map((subject) => subject.code)).toContain("TIENG_VIET");
    expect(grade1.map((subject) => subject.code)).not.toContain("VAT_LI");
    const all = await listSubjects();
    expect(all.map((subject) => subject.code)).toEqual(GDPT_2018_SUBJECTS.map((subject) => subject.code));
  });
});

describe("concurrent updates of one document", () => {
  it("let exactly one of several guarded updates win, and lose no write", async () => {
    const collection = (await connectDatabase()).connection.collection<{ version: number; items: number[] }>("races");
    for (let round = 0; round < 10; round++) {
      const { insertedId } = await collection.insertOne({ version: 1, items: [] });
      const results = await Promise.all(
        [0, 1, 2, 3].map((item) =>
          collection.updateOne({ _id: insertedId, version: 1 }, { $set: { version: 2 }, $push: { items: item } }),
        ),
      );
      expect(results.filter((result) => result.modifiedCount === 1)).toHaveLength(1);
      expect((await collection.findOne({ _id: insertedId }))?.items).toHaveLength(1);
    }
    const { insertedId } = await collection.insertOne({ version: 0, items: [] });
    await Promise.all(
      Array.from({ length: 20 }, (_, item) => collection.updateOne({ _id: insertedId }, { $push: { items: item } })),
    );
    expect((await collection.findOne({ _id: insertedId }))?.items).toHaveLength(20);
  });
});

describe("looking a document up by _id with further conditions", () => {
  it("searches the _id index instead of reading the whole collection (guarded updates, answer saves)", async () => {
    const mongoose = await connectDatabase();
    const collection = mongoose.connection.collection<{ status: string }>("pushdown_probe");
    const { insertedId } = await collection.insertOne({ status: "in_progress" });
    await collection.insertMany(Array.from({ length: 50 }, () => ({ status: "in_progress" })));
    const explained = await mongoose.connection.db!.command({
      explain: { find: "pushdown_probe", filter: { _id: insertedId, status: "in_progress" } },
    });
    const plan = JSON.stringify(explained.queryPlanner);
    // The embedded FerretDB shows SQLite's plan (patched: scripts/services/binaries.ts); MongoDB its own.
    if (explained.serverInfo?.ferretdbVersion) {
      expect(explained.filterPushdown).toBe(true);
      expect(plan).toMatch(/SEARCH .* USING INDEX \S+__id_/);
    } else expect(plan).toMatch(/IDHACK|EXPRESS|IXSCAN/);

    const updated = await collection.updateOne({ _id: insertedId, status: "in_progress" }, { $set: { status: "submitted" } });
    expect(updated.modifiedCount).toBe(1);
    expect(await collection.countDocuments({ status: "submitted" })).toBe(1);
    const again = await collection.updateOne({ _id: insertedId, status: "in_progress" }, { $set: { status: "graded" } });
    expect(again.matchedCount).toBe(0);
  });

  it("reads a list of ids through the _id index too, with the rest of the filter still applied (an attempt's answers)", async () => {
    const mongoose = await connectDatabase();
    const collection = mongoose.connection.collection<{ _id: string; seq: number }>("pushdown_in_probe");
    await collection.insertMany(Array.from({ length: 60 }, (_, index) => ({ _id: `attempt:i${index}`, seq: index })));
    const filter = { _id: { $in: ["attempt:i1", "attempt:i2", "attempt:i3", "attempt:none"] }, seq: { $lt: 3 } };
    const explained = await mongoose.connection.db!.command({ explain: { find: "pushdown_in_probe", filter } });
    if (explained.serverInfo?.ferretdbVersion) {
      expect(explained.filterPushdown).toBe(true);
      expect(JSON.stringify(explained.queryPlanner)).toMatch(/SEARCH .* USING INDEX \S+__id_/);
    }
    expect((await collection.find(filter).toArray()).map((document) => document._id).sort()).toEqual([
      "attempt:i1",
      "attempt:i2",
    ]);
    // Ids of other kinds mixed in: read the whole collection as before, same answer.
    expect(await collection.countDocuments({ _id: { $in: ["attempt:i5", 7 as unknown as string] } })).toBe(1);
  });
});

describe("filtering on a text field without _id", () => {
  it("lets the database keep only the candidate rows, and still finds array members and applies the rest (the job queue's poll)", async () => {
    const mongoose = await connectDatabase();
    const collection = mongoose.connection.collection<{ name?: unknown; runAt?: number }>("pushdown_text_probe");
    await collection.insertMany([
      { name: "notifications.deliver", runAt: 1 },
      { name: "notifications.deliver", runAt: 9 },
      { name: ["search.sync", "notifications.deliver"], runAt: 2 },
      { name: "search.sync", runAt: 3 },
      { name: "Notifications.deliver", runAt: 4 },
      { name: { nested: "notifications.deliver" }, runAt: 5 },
      { runAt: 6 },
      ...Array.from({ length: 40 }, (_, index) => ({ name: `other.${index}`, runAt: index })),
    ]);
    const filter = { name: "notifications.deliver", runAt: { $lt: 5 } };
    const explained = await mongoose.connection.db!.command({ explain: { find: "pushdown_text_probe", filter } });
    if (explained.serverInfo?.ferretdbVersion) expect(explained.filterPushdown).toBe(true);
    const found = await collection
      .find(filter, { projection: { _id: 0 } })
      .sort({ runAt: 1 })
      .toArray();
    expect(found).toEqual([
      { name: "notifications.deliver", runAt: 1 },
      { name: ["search.sync", "notifications.deliver"], runAt: 2 },
    ]);
    expect(await collection.countDocuments({ name: "notifications.deliver" })).toBe(3);
    // Text with quotes and Vietnamese letters compares as stored.
    await collection.insertOne({ name: 'Tổ "Toán" – 12A1', runAt: 0 });
    expect(await collection.countDocuments({ name: 'Tổ "Toán" – 12A1' })).toBe(1);
    const claimed = await collection.findOneAndUpdate(
      { name: "search.sync", $or: [{ runAt: { $gt: 2 } }, { runAt: { $exists: false } }] },
      { $set: { runAt: 100 } },
    );
    expect(claimed).toMatchObject({ name: "search.sync", runAt: 3 });
    await collection.drop();
  });

  it("lets the database keep only the rows a date bound can match, and still finds arrays of dates (the overdue sweep)", async () => {
    const mongoose = await connectDatabase();
    const collection = mongoose.connection.collection<{ label: string; dueAt?: unknown }>("pushdown_date_probe");
    const now = Date.UTC(2026, 11, 5, 10, 0, 0);
    const at = (minutes: number) => new Date(now + minutes * 60_000);
    await collection.insertMany([
      { label: "due", dueAt: at(-5) },
      { label: "exactly", dueAt: at(0) },
      { label: "later", dueAt: at(5) },
      { label: "array", dueAt: [at(30), at(-1)] },
      { label: "number", dueAt: now - 1 },
      { label: "text", dueAt: "2026-12-05" },
      { label: "none", dueAt: null },
      { label: "missing" },
    ]);
    const labels = async (filter: object) => (await collection.find(filter).toArray()).map((document) => document.label).sort();
    const explained = await mongoose.connection.db!.command({
      explain: { find: "pushdown_date_probe", filter: { dueAt: { $lte: at(0) } } },
    });
    if (explained.serverInfo?.ferretdbVersion) expect(explained.filterPushdown).toBe(true);
    expect(await labels({ dueAt: { $lte: at(0) } })).toEqual(["array", "due", "exactly"]);
    expect(await labels({ dueAt: { $lt: at(0) } })).toEqual(["array", "due"]);
    expect(await labels({ dueAt: { $gt: at(0) } })).toEqual(["array", "later"]);
    expect(await labels({ dueAt: { $gte: at(5) }, label: "later" })).toEqual(["later"]);
    await collection.drop();
  });
});

describe("filtering on an ObjectId field without _id", () => {
  it("searches an index that starts with the field, checks array members, and applies the rest (a class's attempts)", async () => {
    const mongoose = await connectDatabase();
    const collection = mongoose.connection.collection<{ label: string; assignmentId?: unknown; status?: string }>(
      "pushdown_object_id_probe",
    );
    await collection.createIndex({ assignmentId: 1, label: 1 });
    const wanted = new Types.ObjectId();
    const other = new Types.ObjectId();
    await collection.insertMany([
      { label: "submitted", assignmentId: wanted, status: "submitted" },
      { label: "in progress", assignmentId: wanted, status: "in_progress" },
      { label: "in an array", assignmentId: [other, wanted], status: "submitted" },
      // The same 24 hex digits as text, or inside an object: not the ObjectId.
      { label: "as text", assignmentId: wanted.toHexString(), status: "submitted" },
      { label: "nested", assignmentId: { id: wanted }, status: "submitted" },
      { label: "other array", assignmentId: [other], status: "submitted" },
      { label: "missing", status: "submitted" },
      ...Array.from({ length: 60 }, (_, index) => ({ label: `other ${index}`, assignmentId: other, status: "submitted" })),
    ]);
    const labels = async (filter: object) => (await collection.find(filter).toArray()).map((document) => document.label).sort();

    const explained = await mongoose.connection.db!.command({
      explain: { find: "pushdown_object_id_probe", filter: { assignmentId: wanted, status: "submitted" } },
    });
    if (explained.serverInfo?.ferretdbVersion) {
      expect(explained.filterPushdown).toBe(true);
      expect(JSON.stringify(explained.queryPlanner)).toMatch(/SEARCH .* USING INDEX \S+assignmentId/);
    }
    expect(await labels({ assignmentId: wanted })).toEqual(["in an array", "in progress", "submitted"]);
    expect(await labels({ assignmentId: wanted, status: "submitted" })).toEqual(["in an array", "submitted"]);
    expect(await labels({ status: "in_progress", assignmentId: wanted })).toEqual(["in progress"]);
    expect(await collection.countDocuments({ assignmentId: new Types.ObjectId() })).toBe(0);
    // A field without an index is compared by SQLite over the whole table: same answers. Names SQLite also knows as
    // columns (`oid`, `rowid`) are still read from the document.
    const unindexed = mongoose.connection.collection("pushdown_object_id_unindexed");
    await unindexed.insertMany([
      { ownerId: wanted, n: 1 },
      { ownerId: [wanted], n: 2 },
      { ownerId: other, n: 3 },
      { oid: wanted, rowid: wanted, n: 4 },
    ]);
    const found = async (filter: object) =>
      (await unindexed.find(filter).toArray()).map((document) => document.n as number).sort();
    expect(await found({ ownerId: wanted })).toEqual([1, 2]);
    expect(await found({ oid: wanted })).toEqual([4]);
    expect(await found({ rowid: wanted })).toEqual([4]);
    // An ObjectId held in an array by every document (an organisation's path) together with a text condition: both
    // narrow the rows SQLite keeps.
    const documents = mongoose.connection.collection("pushdown_object_id_paths");
    await documents.createIndex({ organisationPath: 1 });
    await documents.insertMany(
      Array.from({ length: 40 }, (_, index) => ({
        n: index,
        organisationPath: index % 4 === 0 ? [other, wanted] : [other],
        subject: index % 8 === 0 ? "TOAN" : "NGU_VAN",
      })),
    );
    const numbers = async (filter: object) => (await documents.find(filter).toArray()).map((document) => document.n as number);
    expect(await numbers({ organisationPath: wanted, subject: "TOAN" })).toEqual([0, 8, 16, 24, 32]);
    expect(await numbers({ subject: "NGU_VAN", organisationPath: wanted })).toEqual([4, 12, 20, 28, 36]);
    expect(await numbers({ organisationPath: other, subject: "KHAC" })).toEqual([]);
    // Updates and deletes find their documents the same way.
    expect((await collection.updateMany({ assignmentId: wanted }, { $set: { status: "graded" } })).modifiedCount).toBe(3);
    expect((await collection.deleteMany({ assignmentId: wanted, status: "graded" })).deletedCount).toBe(3);
    expect(await collection.countDocuments({})).toBe(64);
    await Promise.all([collection.drop(), unindexed.drop(), documents.drop()]);
  });
});

describe("deleting many documents", () => {
  it("deletes every match in bounded batches and leaves the rest (expired sessions, finished jobs)", async () => {
    const mongoose = await connectDatabase();
    const collection = mongoose.connection.collection<{ expired: boolean }>("delete_batches_probe");
    const documents = Array.from({ length: 2_600 }, (_, index) => ({ expired: index % 13 !== 0 }));
    for (let start = 0; start < documents.length; start += 500) await collection.insertMany(documents.slice(start, start + 500));
    const expired = documents.filter((document) => document.expired).length;
    expect(await deleteInBatches(collection, { expired: true })).toBe(expired);
    expect(await collection.countDocuments({})).toBe(documents.length - expired);
    expect(await deleteInBatches(collection, { expired: true })).toBe(0);
  });
});
