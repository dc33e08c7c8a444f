import type { Topic } from "#content-schemas/curriculum";

const topics = (subjectCode: string, grade: number, names: readonly (string | [string, ...string[]])[]): Topic[] =>
  names.map((entry, index) => {
    const [name, ...outcomes] = typeof entry === "string" ? [entry] : entry;
    return { subjectCode, grade, order: index + 1, name, outcomes: outcomes.map((text) => ({ text })) };
  });

/**
 * A starting part of the catalogue, from the 2018 subject programmes (content strands per grade);
 * administrators complete it on the curriculum page or by spreadsheet import.
 */
export const GDPT_2018_TOPICS: readonly Topic[] = [
  ...topics("TOAN", 6, [
    "Số tự nhiên",
    "Số nguyên",
    "Phân số",
    "Số thập phân",
    "Hình học trực quan: các hình phẳng trong thực tiễn",
    "Hình học trực quan: tính đối xứng của hình phẳng",
    "Hình học phẳng: các hình hình học cơ bản",
    "Thu thập, tổ chức, biểu diễn, phân tích và xử lí dữ liệu",
    "Một số yếu tố xác suất",
  ]),
  ...topics("TOAN", 10, [
    [
      "Mệnh đề và tập hợp",
      "Thiết lập và phát biểu được các mệnh đề toán học: mệnh đề phủ định, mệnh đề đảo, mệnh đề tương đương, mệnh đề có chứa kí hiệu ∀, ∃.",
      "Thực hiện được phép toán trên các tập hợp (hợp, giao, hiệu của hai tập hợp, phần bù của một tập con) và biết dùng biểu đồ Ven.",
    ],
    [
      "Bất phương trình và hệ bất phương trình bậc nhất hai ẩn",
      "Biểu diễn được miền nghiệm của bất phương trình và hệ bất phương trình bậc nhất hai ẩn trên mặt phẳng toạ độ.",
    ],
    [
      "Hàm số, đồ thị và ứng dụng",
      "Vẽ được parabola là đồ thị hàm số bậc hai; giải được bất phương trình bậc hai một ẩn và phương trình quy về phương trình bậc hai.",
    ],
    "Hệ thức lượng trong tam giác",
    "Vectơ",
    "Phương pháp toạ độ trong mặt phẳng",
    "Đại số tổ hợp",
    "Thống kê",
    "Xác suất",
  ]),
  ...topics("VAT_LI", 10, [
    "Mở đầu",
    "Động học",
    "Động lực học",
    "Công, năng lượng, công suất",
    "Động lượng",
    "Chuyển động tròn",
    "Biến dạng của vật rắn",
  ]),
  ...topics("NGU_VAN", 10, ["Đọc: văn bản văn học", "Đọc: văn bản nghị luận", "Đọc: văn bản thông tin", "Viết", "Nói và nghe"]),
];
