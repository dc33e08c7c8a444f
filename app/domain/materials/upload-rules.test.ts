import { describe, expect, it } from "vitest";
import { checkDeclaredSize, checkStoredFile } from "./upload-rules";

describe("upload rules", () => {
  it("accepts a file whose sniffed type belongs to the kind", () => {
    const result = checkStoredFile("document", { fileName: "bai-1.pdf", size: 1000, sniffedMimeType: "application/pdf" });
    expect(result).toEqual({ ok: true, type: { mimeType: "application/pdf", extension: "pdf" } });
  });

  it("refuses a program renamed .pdf, saying what it really is", () => {
    const result = checkStoredFile("document", {
      fileName: "de-thi.pdf",
      size: 1000,
      sniffedMimeType: "application/x-msdownload",
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe(
      "Tệp «de-thi.pdf» bị từ chối: nội dung thật là chương trình Windows (.exe), không phải tài liệu (chấp nhận PDF, DOCX, ODT).",
    );
  });

  it("refuses content it cannot recognise", () => {
    const result = checkStoredFile("video", { fileName: "a.mp4", size: 10, sniffedMimeType: undefined });
    expect(!result.ok && result.reason).toContain("không nhận ra được loại nội dung");
  });

  it("applies the size limit of each kind before and after upload", () => {
    const declared = checkDeclaredSize("image", "anh.png", 21 * 1024 * 1024);
    expect(declared.ok).toBe(false);
    expect(!declared.ok && declared.reason).toBe("Tệp «anh.png» nặng 21 MB, vượt giới hạn 20 MB cho hình ảnh.");
    expect(checkDeclaredSize("video", "v.mp4", 2 * 1024 ** 3).ok).toBe(true);
    expect(checkStoredFile("image", { fileName: "anh.png", size: 21 * 1024 * 1024, sniffedMimeType: "image/png" }).ok).toBe(
      false,
    );
  });

  it("keeps scripts out of lecture images: SVG is not accepted there", () => {
    expect(checkStoredFile("lecture_image", { fileName: "x.svg", size: 10, sniffedMimeType: "image/svg+xml" }).ok).toBe(false);
  });
});
