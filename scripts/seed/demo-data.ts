import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { upsertOrganisation, type OrganisationInput } from "~/domain/organisations/upsert-organisation.server";
import { ensureBucket } from "~/services/storage.server";

/** A small, clearly fictional organisation tree for demos and end-to-end tests. */
export const DEMO_ORGANISATIONS: readonly OrganisationInput[] = [
  { code: "BGDDT", name: "Bộ Giáo dục và Đào tạo", type: "national" },
  { code: "SGD-MAU", name: "Sở GDĐT tỉnh Mẫu (demo)", type: "province", parentCode: "BGDDT" },
  { code: "PGD-DONG", name: "Phòng GDĐT huyện Đông (demo)", type: "district", parentCode: "SGD-MAU" },
  { code: "PGD-TAY", name: "Phòng GDĐT huyện Tây (demo)", type: "district", parentCode: "SGD-MAU" },
  {
    code: "THCS-NGUYEN-DU",
    name: "Trường THCS Nguyễn Du",
    type: "school",
    schoolLevel: "lower_secondary",
    parentCode: "PGD-DONG",
  },
  {
    code: "THPT-CHU-VAN-AN",
    name: "Trường THPT Chu Văn An",
    type: "school",
    schoolLevel: "upper_secondary",
    parentCode: "PGD-DONG",
  },
  {
    code: "THPT-LE-QUY-DON",
    name: "Trường THPT Lê Quý Đôn",
    type: "school",
    schoolLevel: "upper_secondary",
    parentCode: "PGD-TAY",
  },
];

/** Idempotent: every record is upserted by its code, so running it again changes nothing. */
export async function seedDemoData() {
  await ensureBucket();
  const subjects = await importSubjects(GDPT_2018_SUBJECTS);
  for (const organisation of DEMO_ORGANISATIONS) await upsertOrganisation(organisation);
  return { subjects, organisations: DEMO_ORGANISATIONS.length };
}
