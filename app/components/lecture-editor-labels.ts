/**
 * The words of the lecture editor, passed in by the page so the editor does not depend on the
 * locale files. `lectureEditorLabelsVi` / `lectureEditorLabelsEn` are the defaults.
 */
export interface LectureEditorLabels {
  /** Accessible name of the toolbar. */
  toolbar: string;
  bold: string;
  italic: string;
  heading2: string;
  heading3: string;
  bulletList: string;
  orderedList: string;
  blockquote: string;
  undo: string;
  redo: string;

  insertTable: string;
  /** Shown before the row/column buttons while the cursor is in a table. */
  tableTools: string;
  addRow: string;
  deleteRow: string;
  addColumn: string;
  deleteColumn: string;
  deleteTable: string;

  image: string;
  imageFile: string;
  imageAlt: string;
  imageAltHint: string;
  imageInsert: string;
  imageUploading: string;
  imageUploadFailed: string;
  imageChooseFile: string;
  /** Why the image button is disabled (no upload available on this page). */
  imageUnavailable: string;

  link: string;
  linkUrl: string;
  linkUrlHint: string;
  linkApply: string;
  linkRemove: string;
  linkInvalid: string;

  embed: string;
  embedReference: string;
  embedReferenceHint: string;
  embedTitle: string;
  embedInsert: string;
  embedInvalid: string;
  /** Name of an embedded material without a title. */
  embedFallbackTitle: string;

  equation: string;
  equationLatex: string;
  equationHint: string;
  equationDisplay: string;
  equationPreview: string;
  equationInsert: string;
  equationUpdate: string;
  equationDelete: string;
  equationEmpty: string;
  equationTooLong: string;

  cancel: string;
  /** Shown when scripts are off: the editor needs JavaScript. */
  noScript: string;
}

export const lectureEditorLabelsVi: LectureEditorLabels = {
  toolbar: "Định dạng bài giảng",
  bold: "Chữ đậm",
  italic: "Chữ nghiêng",
  heading2: "Tiêu đề mục",
  heading3: "Tiêu đề mục con",
  bulletList: "Danh sách dấu chấm",
  orderedList: "Danh sách đánh số",
  blockquote: "Trích dẫn",
  undo: "Hoàn tác",
  redo: "Làm lại",

  insertTable: "Chèn bảng 3 × 3",
  tableTools: "Bảng:",
  addRow: "Thêm hàng",
  deleteRow: "Xoá hàng",
  addColumn: "Thêm cột",
  deleteColumn: "Xoá cột",
  deleteTable: "Xoá bảng",

  image: "Chèn hình ảnh",
  imageFile: "Tệp hình ảnh",
  imageAlt: "Mô tả hình ảnh",
  imageAltHint: "Viết ngắn gọn hình ảnh thể hiện gì, cho học sinh dùng trình đọc màn hình.",
  imageInsert: "Tải lên và chèn",
  imageUploading: "Đang tải hình ảnh lên…",
  imageUploadFailed: "Không tải được hình ảnh lên. Hãy thử lại hoặc chọn tệp khác.",
  imageChooseFile: "Hãy chọn một tệp hình ảnh.",
  imageUnavailable: "Chưa thể chèn hình ảnh ở trang này.",

  link: "Liên kết",
  linkUrl: "Địa chỉ liên kết",
  linkUrlHint: "Ví dụ: https://hanhtrangso.nxbgd.vn hoặc /materials/…",
  linkApply: "Gắn liên kết",
  linkRemove: "Bỏ liên kết",
  linkInvalid: "Địa chỉ phải bắt đầu bằng https://, http://, mailto: hoặc /.",

  embed: "Nhúng học liệu",
  embedReference: "Đường dẫn hoặc mã học liệu",
  embedReferenceHint: "Dán đường dẫn trang học liệu (…/materials/…) hoặc mã 24 ký tự của video, bài H5P.",
  embedTitle: "Tiêu đề hiển thị (không bắt buộc)",
  embedInsert: "Nhúng",
  embedInvalid: "Không nhận ra học liệu. Hãy dán đường dẫn có dạng …/materials/<mã> hoặc mã 24 ký tự.",
  embedFallbackTitle: "Học liệu nhúng",

  equation: "Công thức toán",
  equationLatex: "Công thức (LaTeX)",
  equationHint:
    "Ví dụ: \\frac{-b \\pm \\sqrt{\\Delta}}{2a}. Gõ nhanh trong bài: $x^2$ cho công thức trong dòng, $$x^2$$ cho công thức riêng một dòng.",
  equationDisplay: "Hiển thị thành dòng riêng, căn giữa",
  equationPreview: "Xem trước",
  equationInsert: "Chèn công thức",
  equationUpdate: "Cập nhật công thức",
  equationDelete: "Xoá công thức",
  equationEmpty: "Hãy nhập công thức.",
  equationTooLong: "Công thức dài quá 2000 ký tự.",

  cancel: "Huỷ",
  noScript: "Trình soạn bài giảng cần bật JavaScript.",
};

export const lectureEditorLabelsEn: LectureEditorLabels = {
  toolbar: "Lecture formatting",
  bold: "Bold",
  italic: "Italic",
  heading2: "Section heading",
  heading3: "Subsection heading",
  bulletList: "Bulleted list",
  orderedList: "Numbered list",
  blockquote: "Quote",
  undo: "Undo",
  redo: "Redo",

  insertTable: "Insert 3 × 3 table",
  tableTools: "Table:",
  addRow: "Add row",
  deleteRow: "Delete row",
  addColumn: "Add column",
  deleteColumn: "Delete column",
  deleteTable: "Delete table",

  image: "Insert image",
  imageFile: "Image file",
  imageAlt: "Image description",
  imageAltHint: "Say briefly what the image shows, for students using a screen reader.",
  imageInsert: "Upload and insert",
  imageUploading: "Uploading the image…",
  imageUploadFailed: "The image could not be uploaded. Try again or choose another file.",
  imageChooseFile: "Choose an image file.",
  imageUnavailable: "Images cannot be inserted on this page yet.",

  link: "Link",
  linkUrl: "Link address",
  linkUrlHint: "For example https://hanhtrangso.nxbgd.vn or /materials/…",
  linkApply: "Set link",
  linkRemove: "Remove link",
  linkInvalid: "The address must start with https://, http://, mailto: or /.",

  embed: "Embed material",
  embedReference: "Material link or id",
  embedReferenceHint: "Paste the material page link (…/materials/…) or the 24-character id of a video or H5P activity.",
  embedTitle: "Displayed title (optional)",
  embedInsert: "Embed",
  embedInvalid: "Material not recognised. Paste a link like …/materials/<id> or a 24-character id.",
  embedFallbackTitle: "Embedded material",

  equation: "Equation",
  equationLatex: "Equation (LaTeX)",
  equationHint:
    "For example \\frac{-b \\pm \\sqrt{\\Delta}}{2a}. Shortcuts while typing: $x^2$ for an inline equation, $$x^2$$ for a display equation.",
  equationDisplay: "Show on its own line, centred",
  equationPreview: "Preview",
  equationInsert: "Insert equation",
  equationUpdate: "Update equation",
  equationDelete: "Delete equation",
  equationEmpty: "Enter an equation.",
  equationTooLong: "The equation is longer than 2000 characters.",

  cancel: "Cancel",
  noScript: "The lecture editor needs JavaScript.",
};
