import { checkClassification } from "~/domain/curriculum/topics.server";
import { subject } from "@casl/ability";
import { Types, type QueryFilter } from "mongoose";
import {
  EDITABLE_STATUSES,
  isFileKind,
  licenceAllowsDownload,
  type CreateMaterial,
  type Licence,
  type ListMaterialsQuery,
  type MaterialKind,
  type MaterialMetadata,
  type ReviewStatus,
  type UpdateMaterial,
} from "#content-schemas/materials";
import type { LectureDoc } from "#content-schemas/lecture";
import { Material, type MaterialDoc, type MaterialVersionDoc } from "#models/material";
import { Organisation } from "#models/organisation";
import { outboxEvent } from "#models/outbox";
import { User } from "#models/user";
import { defineAbilityFor, permittedConditions, type Action } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import { recordAuditEvent } from "~/domain/audit/record-audit-event.server";
import { presignGet } from "~/services/storage.server";
import { issueH5pPlayerToken } from "./h5p-player-token.server";
import { renderLectureHtml } from "./lecture-html.server";
import { classAssignedVersion } from "~/domain/sharing/class-access.server";
import { completedUploadFor, markUploadAttached } from "./uploads.server";

/** Announced whenever a version gets a new file; the worker makes its derived files. */
export const FILE_ADDED_TOPIC = "material.file_added";
/** Announced when a material is deleted; the worker removes its stored files. */
export const DELETED_TOPIC = "material.deleted";
/** Announced when figures search sorts on change (ratings, class uses); the worker updates the search document. */
export const CHANGED_TOPIC = "material.changed";

export type MaterialResult<T> = { ok: true; value: T } | { ok: false; status: 403 | 404 | 409 | 422; reason: string };

const NOT_FOUND = { ok: false, status: 404, reason: "Không tìm thấy học liệu." } as const;
const CONFLICT = {
  ok: false,
  status: 409,
  reason: "Học liệu vừa được thay đổi ở nơi khác (hoặc đã gửi duyệt). Hãy tải lại trang rồi sửa tiếp.",
} as const;

const materialSubject = (material: MaterialDoc) =>
  subject("Material", {
    ownerOrganisationId: String(material.ownerOrganisationId),
    organisationPath: material.organisationPath.map(String),
    createdBy: String(material.createdBy),
    scope: material.scope,
    liveVersion: material.liveVersion ?? null,
  });

/** Every query for materials starts here: what this person may `action`, never a client-sent id alone. */
export function materialsFilter(actor: Actor, action: Action = "read"): QueryFilter<MaterialDoc> {
  return { $and: [permittedConditions(actor, action, "Material"), { deletedAt: null }] };
}

async function findMaterial(actor: Actor, materialId: string, action: Action) {
  if (!Types.ObjectId.isValid(materialId)) return null;
  return Material.findOne({
    $and: [{ _id: new Types.ObjectId(materialId) }, materialsFilter(actor, action)],
  }).lean<MaterialDoc>();
}

/**
 * A material the person may read: through the sharing rules, or — for a student — because a teacher gave it to
 * their class, in which case only the version pinned for the class (`pinnedVersion`) may be seen.
 */
export async function findReadableMaterial(
  actor: Actor,
  materialId: string,
): Promise<{ material: MaterialDoc; pinnedVersion: number | null } | null> {
  const material = await findMaterial(actor, materialId, "read");
  if (material) return { material, pinnedVersion: null };
  if (!Types.ObjectId.isValid(materialId)) return null;
  const id = new Types.ObjectId(materialId);
  const pinnedVersion = await classAssignedVersion(actor, id);
  if (!pinnedVersion) return null;
  // An item its author withdrew (archived) or deleted is no longer given to the class.
  const assigned = await Material.findOne({ _id: id, deletedAt: null, liveVersion: { $ne: null } }).lean<MaterialDoc>();
  return assigned ? { material: assigned, pinnedVersion } : null;
}

const metadataOf = (version: MaterialVersionDoc): MaterialMetadata => ({
  title: version.title,
  summary: version.summary ?? "",
  subjectCode: version.subjectCode,
  grades: [...version.grades],
  topicIds: version.topicIds.map(String),
  language: version.language as MaterialMetadata["language"],
  licence: version.licence as Licence,
  authors: [...version.authors],
});

const listingFields = (metadata: MaterialMetadata, status: ReviewStatus) => ({
  title: metadata.title,
  subjectCode: metadata.subjectCode,
  grades: metadata.grades,
  status,
});

function versionFields(metadata: MaterialMetadata) {
  return { ...metadata, topicIds: metadata.topicIds.map((id) => new Types.ObjectId(id)) };
}

async function fileFromUpload(actor: Actor, kind: MaterialKind, uploadId: string) {
  if (!isFileKind(kind)) return null;
  const upload = await completedUploadFor(actor, uploadId, kind);
  if (!upload) return null;
  return {
    uploadId: upload._id,
    key: upload.key,
    name: upload.fileName,
    size: upload.size ?? upload.declaredSize,
    mimeType: upload.mimeType ?? "application/octet-stream",
    extension: upload.extension ?? "",
    sha256: null,
    duplicateOf: null,
  };
}

const UPLOAD_MISSING = "Tệp chưa tải lên xong, đã dùng cho học liệu khác hoặc không đúng loại học liệu. Hãy chọn tệp lại.";

/** Creates a material with its first (draft) version; a file kind starts processing of its derived files. */
export async function createMaterial(actor: Actor, input: CreateMaterial): Promise<MaterialResult<{ id: string }>> {
  const ability = defineAbilityFor(actor);
  if (!ability.can("create", subject("Material", { ownerOrganisationId: actor.organisationId } as never))) {
    return { ok: false, status: 403, reason: "Chỉ giáo viên của trường mới tạo được học liệu." };
  }
  const problem = await checkClassification(input.subjectCode, input.grades, input.topicIds);
  if (problem) return { ok: false, status: 422, reason: problem };
  const file = "uploadId" in input ? await fileFromUpload(actor, input.kind, input.uploadId) : null;
  if ("uploadId" in input && !file) return { ok: false, status: 422, reason: UPLOAD_MISSING };

  const id = new Types.ObjectId();
  const now = new Date();
  const document: Record<string, unknown> = {
    _id: id,
    kind: input.kind,
    ownerOrganisationId: actor.organisationId,
    organisationPath: actor.organisationPath,
    createdBy: actor.id,
    latestVersion: 1,
    ...listingFields(input, "draft"),
    processingState: file ? "queued" : "none",
    versions: [
      {
        number: 1,
        status: "draft",
        ...versionFields(input),
        body: "body" in input ? input.body : null,
        url: "url" in input ? input.url : null,
        file,
        processing: { state: file ? "queued" : "none", updatedAt: now },
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      },
    ],
    outbox: file ? [outboxEvent(FILE_ADDED_TOPIC, { materialId: String(id), version: 1, uploadId: String(file.uploadId) })] : [],
  };
  await Material.create(document);
  if (file) await markUploadAttached(file.uploadId, id);
  return { ok: true, value: { id: String(id) } };
}

/**
 * Saves a change. A version still editable (draft, changes requested) is changed in place;
 * otherwise — an approved or submitted version — the change becomes a new draft version and the
 * approved one stays live. One guarded update: a concurrent change or submission makes it a 409.
 */
export async function updateMaterial(
  actor: Actor,
  materialId: string,
  input: UpdateMaterial,
): Promise<MaterialResult<{ id: string; version: number }>> {
  const material = await findMaterial(actor, materialId, "update");
  if (!material) return NOT_FOUND;
  const latest = material.versions[material.latestVersion - 1];
  if (!latest) return NOT_FOUND;
  const metadata: MaterialMetadata = { ...metadataOf(latest), ...stripUndefined(input) };
  const problem = await checkClassification(metadata.subjectCode, metadata.grades, metadata.topicIds);
  if (problem) return { ok: false, status: 422, reason: problem };
  if (input.body && material.kind !== "lecture")
    return { ok: false, status: 422, reason: "Chỉ bài giảng mới có nội dung soạn thảo." };
  if (input.url && material.kind !== "link") return { ok: false, status: 422, reason: "Chỉ học liệu liên kết mới có địa chỉ." };
  const newFile = input.uploadId ? await fileFromUpload(actor, material.kind as MaterialKind, input.uploadId) : null;
  if (input.uploadId && !newFile) return { ok: false, status: 422, reason: UPLOAD_MISSING };

  const now = new Date();
  const inPlace = EDITABLE_STATUSES.includes(latest.status as ReviewStatus);
  const number = inPlace ? latest.number : material.latestVersion + 1;
  const file = newFile ?? latest.file ?? null;
  const version = {
    number,
    status: "draft",
    ...versionFields(metadata),
    body: input.body ?? latest.body ?? null,
    url: input.url ?? latest.url ?? null,
    file,
    // A new version without a new file shares the processed files of the one it came from.
    derived: newFile ? [] : latest.derived,
    processing: newFile ? { state: "queued", attempts: 0, updatedAt: now } : latest.processing,
    createdBy: inPlace ? latest.createdBy : new Types.ObjectId(actor.id),
    createdAt: inPlace ? latest.createdAt : now,
    updatedAt: now,
  };
  const announce = newFile
    ? { outbox: outboxEvent(FILE_ADDED_TOPIC, { materialId, version: number, uploadId: String(newFile.uploadId) }) }
    : undefined;
  const mirror = { ...listingFields(metadata, "draft"), processingState: version.processing.state };
  const index = material.latestVersion - 1;
  const result = inPlace
    ? await Material.updateOne(
        {
          _id: material._id,
          latestVersion: material.latestVersion,
          [`versions.${index}.status`]: { $in: EDITABLE_STATUSES },
        },
        { $set: { [`versions.${index}`]: version, ...mirror }, ...(announce && { $push: announce }) },
      )
    : await Material.updateOne(
        { _id: material._id, latestVersion: material.latestVersion },
        {
          $set: { latestVersion: number, ...mirror },
          $push: { versions: version, ...announce },
        },
      );
  if (result.modifiedCount !== 1) return CONFLICT;
  if (newFile) await markUploadAttached(newFile.uploadId, material._id);
  return { ok: true, value: { id: materialId, version: number } };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

const userNames = async (ids: Types.ObjectId[]) => {
  const users = await User.find({ _id: { $in: ids } }, { fullName: 1 }).lean();
  return new Map(users.map((user) => [String(user._id), user.fullName]));
};

/**
 * The version a person sees: the author, and administrators who may take the item down, see the
 * latest (or any they ask for); everyone else sees the live approved version only.
 */
function visibleVersion(actor: Actor, material: MaterialDoc, requested?: number, pinnedVersion: number | null = null) {
  if (pinnedVersion) return !requested || requested === pinnedVersion ? material.versions[pinnedVersion - 1] : undefined;
  const ability = defineAbilityFor(actor);
  const canSeeDrafts = ability.can("update", materialSubject(material)) || ability.can("delete", materialSubject(material));
  if (!canSeeDrafts) {
    const live = material.liveVersion ?? null;
    return live && (!requested || requested === live) ? material.versions[live - 1] : undefined;
  }
  return material.versions[(requested ?? material.latestVersion) - 1];
}

/** The sandboxed player page for an extracted H5P package, with a token only for this person and version. */
function h5pPlayUrl(actor: Actor, materialId: string, version: MaterialVersionDoc) {
  const h5pPrefix = version.derived.find((file) => file.role === "h5p")?.key;
  if (!h5pPrefix) return null;
  return `/h5p/${issueH5pPlayerToken({ materialId, version: version.number, h5pPrefix, userId: actor.id })}/play`;
}

export async function derivedFileUrls(version: MaterialVersionDoc) {
  return Promise.all(
    version.derived
      .filter((file) => file.role !== "h5p")
      .map(async (file) => ({
        role: file.role,
        ...(file.page ? { page: file.page } : {}),
        mimeType: file.mimeType,
        url: await presignGet(file.key),
      })),
  );
}

/** Everything the material page and the API show about one material. */
export async function materialForViewer(actor: Actor, materialId: string, requestedVersion?: number) {
  const readable = await findReadableMaterial(actor, materialId);
  return readable ? viewOfReadable(actor, readable, requestedVersion) : null;
}

export type ReadableMaterial = NonNullable<Awaited<ReturnType<typeof findReadableMaterial>>>;

/** The same view for a material already found readable (the material page reads the document once). */
export async function viewOfReadable(actor: Actor, readable: ReadableMaterial, requestedVersion?: number) {
  const version = visibleVersion(actor, readable.material, requestedVersion, readable.pinnedVersion);
  return version ? materialView(actor, readable.material, version) : null;
}

/**
 * The view of one version, for a caller that has already established the person may see it (the material
 * page through the read filter above, the review screen through the review rules).
 */
export async function materialView(actor: Actor, material: MaterialDoc, version: MaterialVersionDoc) {
  const ability = defineAbilityFor(actor);
  const names = await userNames([version.createdBy, material.createdBy]);
  const [duplicate, owner] = await Promise.all([
    version.file?.duplicateOf ? Material.findOne({ _id: version.file.duplicateOf, deletedAt: null }, { title: 1 }).lean() : null,
    Organisation.findById(material.ownerOrganisationId, { name: 1 }).lean(),
  ]);
  const derivedFrom = material.derivedFrom ?? null;
  return {
    id: String(material._id),
    kind: material.kind as MaterialKind,
    ownerOrganisationId: String(material.ownerOrganisationId),
    owner: { id: String(material.ownerOrganisationId), name: owner?.name ?? "" },
    derivedFrom: derivedFrom && {
      materialId: String(derivedFrom.materialId),
      version: derivedFrom.version,
      title: derivedFrom.title,
      ownerName: derivedFrom.ownerName,
      authors: [...derivedFrom.authors],
      licence: derivedFrom.licence as Licence,
    },
    rating: ratingOf(material),
    createdBy: { id: String(material.createdBy), fullName: names.get(String(material.createdBy)) ?? "" },
    scope: material.scope,
    liveVersion: material.liveVersion ?? null,
    latestVersion: material.latestVersion,
    counters: {
      views: material.counters?.views ?? 0,
      downloads: material.counters?.downloads ?? 0,
      uses: material.counters?.uses ?? 0,
      copies: material.counters?.copies ?? 0,
    },
    canEdit: ability.can("update", materialSubject(material)),
    canDownload: Boolean(version.file) && licenceAllowsDownload(version.licence as Licence),
    version: {
      number: version.number,
      status: version.status as ReviewStatus,
      ...metadataOf(version),
      body: (version.body ?? null) as LectureDoc | null,
      url: version.url ?? null,
      createdBy: { id: String(version.createdBy), fullName: names.get(String(version.createdBy)) ?? "" },
      createdAt: version.createdAt.toISOString(),
      updatedAt: version.updatedAt.toISOString(),
      file: version.file
        ? {
            name: version.file.name,
            size: version.file.size,
            mimeType: version.file.mimeType,
            sha256: version.file.sha256 ?? null,
            duplicateOf: duplicate ? { materialId: String(duplicate._id), title: duplicate.title } : null,
          }
        : null,
      processing: {
        state: version.processing.state,
        error: version.processing.error ?? null,
        attempts: version.processing.attempts ?? 0,
        updatedAt: version.processing.updatedAt?.toISOString() ?? null,
        durationSeconds: version.processing.durationSeconds ?? null,
        pageCount: version.processing.pageCount ?? null,
      },
      h5pPlayUrl: h5pPlayUrl(actor, String(material._id), version),
    },
    derived: await derivedFileUrls(version),
    /** Time-limited address of the original file, for players and viewers (downloads go through the licence check). */
    originalUrl: version.file ? await presignGet(version.file.key) : null,
    /** A lecture rendered to safe HTML with its formulas, exactly as the editor shows it. */
    lectureHtml: material.kind === "lecture" && version.body ? renderLectureHtml(version.body as LectureDoc) : null,
  };
}
/** The average of teachers' ratings to one decimal, null before the first one. */
export function ratingOf(material: Pick<MaterialDoc, "rating">) {
  const count = material.rating?.count ?? 0;
  return { count, average: count > 0 ? Math.round(((material.rating?.sum ?? 0) / count) * 10) / 10 : null };
}

export type MaterialForViewer = NonNullable<Awaited<ReturnType<typeof materialForViewer>>>;

/** The storage object behind a version the person may read: original file, or the extracted H5P folder. */
export async function readableVersionFiles(actor: Actor, materialId: string, versionNumber?: number) {
  const readable = await findReadableMaterial(actor, materialId);
  if (!readable) return null;
  const version = visibleVersion(actor, readable.material, versionNumber, readable.pinnedVersion);
  if (!version) return null;
  return {
    material: readable.material,
    version,
    h5pPrefix: version.derived.find((file) => file.role === "h5p")?.key ?? null,
  };
}

/** Counts a view (the page or API read) — one atomic increment, no read-modify-write. */
export async function countView(materialId: string) {
  await Material.updateOne({ _id: materialId }, { $inc: { "counters.views": 1 } }, { timestamps: false });
}

/** A download link for the original, when the licence allows it; counted. */
export async function downloadUrl(actor: Actor, materialId: string, versionNumber?: number): Promise<MaterialResult<string>> {
  const files = await readableVersionFiles(actor, materialId, versionNumber);
  if (!files?.version.file) return NOT_FOUND;
  if (!licenceAllowsDownload(files.version.licence as Licence)) {
    return { ok: false, status: 403, reason: "Giấy phép của học liệu này chỉ cho xem trực tuyến, không cho tải về." };
  }
  await Material.updateOne({ _id: files.material._id }, { $inc: { "counters.downloads": 1 } }, { timestamps: false });
  return { ok: true, value: await presignGet(files.version.file.key, files.version.file.name) };
}

export async function listMyMaterials(actor: Actor, query: ListMaterialsQuery) {
  const filter: QueryFilter<MaterialDoc> = {
    $and: [
      materialsFilter(actor),
      { createdBy: new Types.ObjectId(actor.id) },
      ...(query.kind ? [{ kind: query.kind }] : []),
      ...(query.subject ? [{ subjectCode: query.subject }] : []),
      ...(query.grade ? [{ grades: query.grade }] : []),
      ...(query.status ? [{ status: query.status }] : []),
      ...(query.q ? [{ title: { $regex: escapeRegex(query.q), $options: "i" } }] : []),
    ],
  };
  const [items, total] = await Promise.all([
    Material.find(filter, { versions: 0, outbox: 0 })
      .sort({ updatedAt: -1, _id: -1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean<Omit<MaterialDoc, "versions">[]>(),
    Material.countDocuments(filter),
  ]);
  return {
    items: items.map((material) => ({
      id: String(material._id),
      kind: material.kind as MaterialKind,
      title: material.title,
      subjectCode: material.subjectCode,
      grades: [...material.grades],
      status: material.status as ReviewStatus,
      latestVersion: material.latestVersion,
      processing: material.processingState,
      updatedAt: (material as { updatedAt: Date }).updatedAt.toISOString(),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The version history: number, status, author and date, newest first. */
export async function materialVersions(actor: Actor, materialId: string) {
  const material = await findMaterial(actor, materialId, "update");
  if (!material) return null;
  const names = await userNames(material.versions.map((version) => version.createdBy));
  return {
    title: material.title,
    items: [...material.versions].reverse().map((version) => ({
      number: version.number,
      status: version.status as ReviewStatus,
      title: version.title,
      live: version.number === material.liveVersion,
      createdBy: { id: String(version.createdBy), fullName: names.get(String(version.createdBy)) ?? "" },
      createdAt: version.createdAt.toISOString(),
    })),
  };
}

/** Puts a failed (or finished) processing of the latest version back in the queue. */
export async function retryProcessing(actor: Actor, materialId: string): Promise<MaterialResult<null>> {
  const material = await findMaterial(actor, materialId, "update");
  if (!material) return NOT_FOUND;
  const index = material.latestVersion - 1;
  const latest = material.versions[index];
  if (!latest?.file) return { ok: false, status: 409, reason: "Học liệu này không có tệp để xử lý." };
  if (latest.processing.state === "queued" || latest.processing.state === "running") return { ok: true, value: null };
  const result = await Material.updateOne(
    { _id: material._id, latestVersion: material.latestVersion, [`versions.${index}.processing.state`]: latest.processing.state },
    {
      $set: {
        [`versions.${index}.processing.state`]: "queued",
        [`versions.${index}.processing.error`]: null,
        [`versions.${index}.processing.attempts`]: 0,
        [`versions.${index}.processing.updatedAt`]: new Date(),
        processingState: "queued",
      },
      $push: {
        outbox: outboxEvent(FILE_ADDED_TOPIC, {
          materialId,
          version: latest.number,
          uploadId: String(latest.file.uploadId),
        }),
      },
    },
  );
  return result.modifiedCount === 1 ? { ok: true, value: null } : CONFLICT;
}

/**
 * Deletes materials that were never approved (authors) or any in the administrator's schools.
 * The record disappears from every listing at once; the worker removes its stored files.
 */
export async function deleteMaterials(actor: Actor, ids: string[]): Promise<{ deleted: number; refused: number }> {
  let deleted = 0;
  for (const id of ids) {
    const material = await findMaterial(actor, id, "delete");
    if (!material) continue;
    const result = await Material.updateOne(
      { _id: material._id, deletedAt: null },
      { $set: { deletedAt: new Date() }, $push: { outbox: outboxEvent(DELETED_TOPIC, { materialId: id }) } },
    );
    if (result.modifiedCount === 1) {
      deleted += 1;
      await recordAuditEvent({
        action: "material.deleted",
        actorId: actor.id,
        actorLabel: actor.username,
        organisationPath: material.organisationPath,
        details: { materialId: id, title: material.title },
      });
    }
  }
  return { deleted, refused: ids.length - deleted };
}

/** Sets the licence of several materials; each change follows the version rule of updateMaterial. */
export async function setLicence(actor: Actor, ids: string[], licence: Licence) {
  let changed = 0;
  for (const id of ids) {
    const result = await updateMaterial(actor, id, { licence });
    if (result.ok) changed += 1;
  }
  return { changed, refused: ids.length - changed };
}
