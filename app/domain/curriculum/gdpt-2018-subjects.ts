import type { Subject } from "#content-schemas/curriculum";

const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

/**
 * Subjects and educational activities of the 2018 general-education curriculum
 * (Thông tư 32/2018/TT-BGDĐT and its amendments), in the order the curriculum lists them.
 * Elective subjects are listed for every grade in which a school may teach them.
 */
export const GDPT_2018_SUBJECTS: readonly Subject[] = [
  { code: "TIENG_VIET", name: "Tiếng Việt", nameEn: "Vietnamese", grades: span(1, 5) },
  { code: "NGU_VAN", name: "Ngữ văn", nameEn: "Literature", grades: span(6, 12) },
  { code: "TOAN", name: "Toán", nameEn: "Mathematics", grades: span(1, 12) },
  { code: "TIENG_ANH", name: "Tiếng Anh", nameEn: "English", grades: span(1, 12) },
  { code: "DAO_DUC", name: "Đạo đức", nameEn: "Ethics", grades: span(1, 5) },
  { code: "TN_XH", name: "Tự nhiên và Xã hội", nameEn: "Nature and Society", grades: span(1, 3) },
  { code: "KHOA_HOC", name: "Khoa học", nameEn: "Science", grades: span(4, 5) },
  { code: "LS_DL", name: "Lịch sử và Địa lí", nameEn: "History and Geography", grades: span(4, 9) },
  { code: "KHTN", name: "Khoa học tự nhiên", nameEn: "Natural Sciences", grades: span(6, 9) },
  { code: "GDCD", name: "Giáo dục công dân", nameEn: "Civic Education", grades: span(6, 9) },
  { code: "LICH_SU", name: "Lịch sử", nameEn: "History", grades: span(10, 12) },
  { code: "DIA_LI", name: "Địa lí", nameEn: "Geography", grades: span(10, 12) },
  { code: "GDKT_PL", name: "Giáo dục kinh tế và pháp luật", nameEn: "Economic and Legal Education", grades: span(10, 12) },
  { code: "VAT_LI", name: "Vật lí", nameEn: "Physics", grades: span(10, 12) },
  { code: "HOA_HOC", name: "Hóa học", nameEn: "Chemistry", grades: span(10, 12) },
  { code: "SINH_HOC", name: "Sinh học", nameEn: "Biology", grades: span(10, 12) },
  { code: "TIN_HOC", name: "Tin học", nameEn: "Informatics", grades: span(3, 12) },
  { code: "CONG_NGHE", name: "Công nghệ", nameEn: "Technology", grades: span(3, 12) },
  { code: "GDTC", name: "Giáo dục thể chất", nameEn: "Physical Education", grades: span(1, 12) },
  { code: "AM_NHAC", name: "Âm nhạc", nameEn: "Music", grades: span(1, 12) },
  { code: "MI_THUAT", name: "Mĩ thuật", nameEn: "Fine Arts", grades: span(1, 12) },
  { code: "HDTN", name: "Hoạt động trải nghiệm", nameEn: "Experiential Activities", grades: span(1, 5) },
  {
    code: "HDTN_HN",
    name: "Hoạt động trải nghiệm, hướng nghiệp",
    nameEn: "Experiential and Career Guidance Activities",
    grades: span(6, 12),
  },
  {
    code: "GDQP_AN",
    name: "Giáo dục quốc phòng và an ninh",
    nameEn: "National Defence and Security Education",
    grades: span(10, 12),
  },
  { code: "GD_DIA_PHUONG", name: "Nội dung giáo dục của địa phương", nameEn: "Local Education Content", grades: span(1, 12) },
];
