import { z } from "zod";

export const ORGANISATION_TYPES = ["national", "province", "district", "school"] as const;
export const SCHOOL_LEVELS = ["primary", "lower_secondary", "upper_secondary", "multi_level", "continuing"] as const;

export const organisationTypeSchema = z.enum(ORGANISATION_TYPES).meta({
  id: "OrganisationType",
  description: "national = Bộ GDĐT, province = Sở GDĐT, district = Phòng GDĐT, school = trường.",
});

export const schoolLevelSchema = z.enum(SCHOOL_LEVELS).meta({
  id: "SchoolLevel",
  description: "Tiểu học, THCS, THPT, liên cấp, GDTX.",
});

export const organisationCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9._-]{1,31}$/, "Mã đơn vị gồm 2–32 chữ in hoa, số, dấu chấm, gạch ngang hoặc gạch dưới.");

export const createOrganisationSchema = z.object({
  parentId: z.string().regex(/^[a-f0-9]{24}$/, "Chọn đơn vị cấp trên."),
  code: organisationCodeSchema,
  name: z.string().trim().min(3, "Nhập tên đơn vị.").max(150, "Tên có tối đa 150 ký tự."),
  schoolLevel: schoolLevelSchema.optional(),
});

export const editOrganisationSchema = createOrganisationSchema.pick({ name: true, schoolLevel: true });
