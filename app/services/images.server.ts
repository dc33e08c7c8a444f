import sharp from "sharp";

// Images are decoded one at a time per image and never kept in sharp's cache: a burst of photos at the end of an exam
// must not take both cores or hold memory that answer saves need.
sharp.concurrency(1);
sharp.cache(false);

/**
 * A photo redrawn for keeping: upright as the camera held it, at most `longSide` pixels on its longer side, as JPEG,
 * and without anything the camera wrote into the file (where it was taken, the phone, the time). Null when the bytes
 * are not a readable JPEG, PNG or WebP picture.
 */
export async function redrawnPhoto(data: Uint8Array, longSide: number): Promise<Buffer | null> {
  try {
    return await sharp(data, { failOn: "error" })
      .rotate()
      .resize({ width: longSide, height: longSide, fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 85 })
      .toBuffer();
  } catch {
    return null;
  }
}
