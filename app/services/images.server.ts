import pLimit from "p-limit";
import sharp from "sharp";

// One libvips thread per image, one image at a time per process, nothing kept in sharp's cache: a burst of photos at
// the end of an exam must not take both cores, or memory that answer saves need (a 16,000² PNG held 1.6 GB when four
// were redrawn side by side).
sharp.concurrency(1);
sharp.cache(false);
const oneAtATime = pLimit(1);

export type RedrawnPhoto = { ok: true; bytes: Buffer } | { ok: false; problem: "unreadable" | "too_many_pixels" };

/**
 * A photo redrawn for keeping: upright as the camera held it, at most `longSide` pixels on its longer side, as JPEG,
 * and without anything the camera wrote into the file (where it was taken, the phone, the time). Refused when the
 * bytes are not a readable JPEG, PNG or WebP picture, or hold more than `maxPixels` (read from the header first).
 */
export function redrawnPhoto(data: Uint8Array, { longSide, maxPixels }: { longSide: number; maxPixels: number }) {
  return oneAtATime(async (): Promise<RedrawnPhoto> => {
    try {
      const { width = 0, height = 0 } = await sharp(data).metadata();
      if (width * height > maxPixels) return { ok: false, problem: "too_many_pixels" };
      const bytes = await sharp(data, { failOn: "error", limitInputPixels: maxPixels })
        .rotate()
        .resize({ width: longSide, height: longSide, fit: "inside", withoutEnlargement: true })
        .flatten({ background: "#ffffff" })
        .jpeg({ quality: 85 })
        .toBuffer();
      return { ok: true, bytes };
    } catch {
      return { ok: false, problem: "unreadable" };
    }
  });
}
