import { describe, expect, it } from "vitest";
import { readFormWithSmallFiles, readSmallUpload } from "./upload.server";

/** A multipart POST as a browser sends it (Node's Request sets the boundary and, like a chunked body, no length). */
function post(fields: [string, string | File][]) {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  return new Request("http://127.0.0.1/upload", { method: "POST", body: form });
}

const file = (bytes: number, name = "anh.jpg") => new File([new Uint8Array(bytes).fill(7)], name, { type: "image/jpeg" });
const MB = 1024 * 1024;

describe("readSmallUpload", () => {
  it("reads one file within its limit with its fields", async () => {
    const read = await readSmallUpload(
      post([
        ["format", "docx"],
        ["file", file(1000)],
      ]),
      2000,
    );
    expect("formData" in read && (read.formData.get("file") as File).size).toBe(1000);
    expect("formData" in read && read.formData.get("format")).toBe("docx");
  });

  it("refuses a file over the limit, and many files each under it (413), in Vietnamese", async () => {
    expect(await readSmallUpload(post([["file", file(3 * MB)]]), 2 * MB)).toEqual({ refused: "Tệp lớn hơn 2 MB.", status: 413 });
    const many: [string, File][] = Array.from({ length: 4 }, () => ["photo", file(MB)]);
    expect(await readSmallUpload(post(many), 2 * MB)).toEqual({ refused: "Tệp lớn hơn 2 MB.", status: 413 });
  });

  it("refuses a body that is not a multipart form (415) instead of failing", async () => {
    const json = new Request("http://127.0.0.1/upload", {
      method: "POST",
      body: "{}",
      headers: { "Content-Type": "application/json" },
    });
    expect(await readSmallUpload(json, MB)).toMatchObject({ status: 415 });
    const shouting = new Request("http://127.0.0.1/upload", {
      method: "POST",
      body: "x",
      headers: { "Content-Type": "Multipart/Form-Data; boundary=x" },
    });
    expect(await readSmallUpload(shouting, MB)).toMatchObject({ status: 415 });
  });
});

describe("readFormWithSmallFiles", () => {
  it("leaves out files over their limit or past the form's total, keeps everything else, and names what it left out", async () => {
    const { formData, oversized } = await readFormWithSmallFiles(
      post([
        ["r.i1", "Bài làm."],
        ["p.i1", file(300)],
        ["p.i1", file(100)],
        ["p.i2", file(100)],
        ["p.i3", file(100)],
        ["r.i2", "Câu 2."],
      ]),
      { maxFileBytes: 200, maxTotalBytes: 250 },
    );
    expect(oversized).toEqual(["p.i1", "p.i3"]);
    expect(formData.get("r.i1")).toBe("Bài làm.");
    expect(formData.get("r.i2")).toBe("Câu 2.");
    expect(formData.getAll("p.i1").map((part) => (part as File).size)).toEqual([100]);
    expect(formData.getAll("p.i2")).toHaveLength(1);
  });

  it("leaves out a file field left empty, as a browser sends it", async () => {
    const body = [
      "--x",
      'Content-Disposition: form-data; name="p.i1"; filename=""',
      "Content-Type: application/octet-stream",
      "",
      "",
      "--x--",
      "",
    ].join("\r\n");
    const request = new Request("http://127.0.0.1/quiz", {
      method: "POST",
      body,
      headers: { "Content-Type": "multipart/form-data; boundary=x" },
    });
    const { formData, oversized } = await readFormWithSmallFiles(request, { maxFileBytes: 10, maxTotalBytes: 10 });
    expect([formData.has("p.i1"), oversized]).toEqual([false, []]);
  });

  it("reads a form without files as it is", async () => {
    const request = new Request("http://127.0.0.1/quiz", { method: "POST", body: new URLSearchParams({ "r.i1": "2" }) });
    expect((await readFormWithSmallFiles(request, { maxFileBytes: 1, maxTotalBytes: 1 })).formData.get("r.i1")).toBe("2");
  });
});
