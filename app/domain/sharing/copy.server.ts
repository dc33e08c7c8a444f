import { subject } from "@casl/ability";
import { Types } from "mongoose";
import { licenceAllowsAdaptation, type Licence } from "#content-schemas/materials";
import { Material, type MaterialDoc, type MaterialVersionDoc } from "#models/material";
import { Organisation } from "#models/organisation";
import { outboxEvent } from "#models/outbox";
import { Upload, type UploadDoc } from "#models/upload";
import { User } from "#models/user";
import { defineAbilityFor } from "~/auth/policy.server";
import type { Actor } from "~/auth/session.server";
import { FILE_ADDED_TOPIC, findReadableMaterial, type MaterialResult } from "~/domain/materials/materials.server";
import { copyObject, safeObjectName } from "~/services/storage.server";

const NOT_FOUND = { ok: false, status: 404, reason: "Không tìm thấy học liệu." } as const;

/** Copies a stored upload into the copying school's space, as an upload attached to the new material. */
async function copyUpload(
  upload: Pick<UploadDoc, "purpose" | "fileName" | "key" | "size" | "declaredSize" | "mimeType" | "extension">,
  actor: Actor,
  materialId: Types.ObjectId,
) {
  const id = new Types.ObjectId();
  const key = `orgs/${actor.organisationId}/uploads/${String(id)}/${safeObjectName(upload.fileName)}`;
  await copyObject(upload.key, key);
  await Upload.create({
    _id: id,
    organisationId: actor.organisationId,
    createdBy: actor.id,
    purpose: upload.purpose,
    fileName: upload.fileName,
    declaredSize: upload.declaredSize,
    key,
    // Made by a server-side copy, not a multipart upload: there is nothing to resume or abort.
    s3UploadId: "copy",
    state: "attached",
    size: upload.size,
    mimeType: upload.mimeType,
    extension: upload.extension,
    attachedTo: materialId,
    completedAt: new Date(),
  });
  return { id, key };
}

type LectureNode = { type?: string; attrs?: Record<string, unknown>; content?: LectureNode[] };

/**
 * The lecture body with each uploaded image (`/media/<uploadId>`) copied for the new material, so that
 * deleting the original never breaks the copy's images.
 */
async function copyLectureImages(body: LectureNode, actor: Actor, materialId: Types.ObjectId): Promise<LectureNode> {
  const copied = new Map<string, string>();
  const visit = async (node: LectureNode): Promise<LectureNode> => {
    const src = node.type === "image" ? String(node.attrs?.src ?? "") : "";
    const uploadId = src.match(/^\/media\/([0-9a-f]{24})$/)?.[1];
    if (uploadId) {
      if (!copied.has(uploadId)) {
        const upload = await Upload.findOne({ _id: uploadId, purpose: "lecture_image", state: "attached" }).lean<UploadDoc>();
        copied.set(uploadId, upload ? String((await copyUpload(upload, actor, materialId)).id) : uploadId);
      }
      return { ...node, attrs: { ...node.attrs, src: `/media/${copied.get(uploadId)}` } };
    }
    return node.content ? { ...node, content: await Promise.all(node.content.map(visit)) } : node;
  };
  return visit(body);
}

async function copiedFile(live: MaterialVersionDoc, material: MaterialDoc, actor: Actor, materialId: Types.ObjectId) {
  if (!live.file) return null;
  const { id, key } = await copyUpload(
    {
      purpose: material.kind as UploadDoc["purpose"],
      fileName: live.file.name,
      key: live.file.key,
      size: live.file.size,
      declaredSize: live.file.size,
      mimeType: live.file.mimeType,
      extension: live.file.extension,
    },
    actor,
    materialId,
  );
  return { ...live.file, uploadId: id, key, duplicateOf: null };
}

/**
 * "Copy to my school": a new draft material in the person's school made from the live version of a shared
 * one, files copied in storage, with `derivedFrom` keeping the source, its school, authors and licence for
 * attribution. Licences that forbid adaptations ("all rights reserved", NoDerivatives) cannot be copied.
 */
export async function copyToMySchool(actor: Actor, materialId: string): Promise<MaterialResult<{ id: string }>> {
  const readable = await findReadableMaterial(actor, materialId);
  if (!readable || readable.pinnedVersion) return NOT_FOUND;
  const { material } = readable;
  if (!defineAbilityFor(actor).can("create", subject("Material", { ownerOrganisationId: actor.organisationId } as never))) {
    return { ok: false, status: 403, reason: "Chỉ giáo viên của trường mới sao chép được học liệu về trường." };
  }
  if (String(material.ownerOrganisationId) === actor.organisationId) {
    return { ok: false, status: 409, reason: "Học liệu này đã thuộc trường của bạn." };
  }
  const live = material.liveVersion ? material.versions[material.liveVersion - 1] : undefined;
  if (!live) return { ok: false, status: 409, reason: "Chỉ sao chép được học liệu đã được duyệt." };
  if (!licenceAllowsAdaptation(live.licence as Licence)) {
    return {
      ok: false,
      status: 403,
      reason: "Giấy phép của học liệu không cho phép tạo bản chỉnh sửa; hãy dùng trực tiếp (giao cho lớp) thay vì sao chép.",
    };
  }

  const [owner, creator] = await Promise.all([
    Organisation.findById(material.ownerOrganisationId, { name: 1 }).lean(),
    User.findById(material.createdBy, { fullName: 1 }).lean(),
  ]);
  // Attribution must survive the copy: an item without listed authors is credited to the teacher who made it.
  const authors = live.authors.length > 0 ? [...live.authors] : creator ? [creator.fullName] : [];
  const id = new Types.ObjectId();
  const file = await copiedFile(live, material, actor, id);
  const body = live.body ? await copyLectureImages(live.body as LectureNode, actor, id) : null;
  const now = new Date();
  const copy: Record<string, unknown> = {
    _id: id,
    kind: material.kind,
    ownerOrganisationId: actor.organisationId,
    organisationPath: actor.organisationPath,
    createdBy: actor.id,
    latestVersion: 1,
    title: live.title,
    subjectCode: live.subjectCode,
    grades: live.grades,
    status: "draft",
    processingState: file ? "queued" : "none",
    derivedFrom: {
      materialId: material._id,
      version: live.number,
      title: live.title,
      ownerOrganisationId: material.ownerOrganisationId,
      ownerName: owner?.name ?? "",
      authors,
      licence: live.licence,
    },
    versions: [
      {
        number: 1,
        status: "draft",
        title: live.title,
        summary: live.summary ?? "",
        subjectCode: live.subjectCode,
        grades: live.grades,
        topicIds: live.topicIds,
        language: live.language,
        licence: live.licence,
        authors,
        body,
        url: live.url ?? null,
        file,
        processing: { state: file ? "queued" : "none", updatedAt: now },
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
      },
    ],
    outbox: file ? [outboxEvent(FILE_ADDED_TOPIC, { materialId: String(id), version: 1, uploadId: String(file.uploadId) })] : [],
  };
  await Material.create(copy);
  await Material.updateOne({ _id: material._id }, { $inc: { "counters.copies": 1 } }, { timestamps: false });
  return { ok: true, value: { id: String(id) } };
}
