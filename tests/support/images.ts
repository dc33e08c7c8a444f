import sharp from "sharp";

/** What a phone camera writes into a photo besides the picture: the place, the phone. */
const CAMERA_EXIF = {
  IFD0: { Make: "HangDienThoai", Model: "May Chup 12" },
  IFD3: { GPSLatitudeRef: "N", GPSLatitude: "21/1 1/1 3000/100", GPSLongitudeRef: "E", GPSLongitude: "105/1 51/1 0/1" },
};

/**
 * A phone photo: `width` × `height` as stored, with the camera's metadata (place, phone) and an orientation tag
 * (6: shown turned a quarter clockwise, so the picture is `height` × `width` upright).
 */
export async function cameraJpeg(width: number, height: number, orientation = 1): Promise<Uint8Array<ArrayBuffer>> {
  const photo = await sharp({ create: { width, height, channels: 3, background: { r: 235, g: 235, b: 225 } } })
    .withExif(CAMERA_EXIF)
    .withMetadata({ orientation })
    .jpeg()
    .toBuffer();
  return new Uint8Array(photo);
}

/** A PNG of one colour, half see-through. */
export async function plainPng(width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  const image = await sharp({ create: { width, height, channels: 4, background: { r: 20, g: 60, b: 200, alpha: 0.5 } } })
    .png()
    .toBuffer();
  return new Uint8Array(image);
}

/** A white PNG of `width` × `height` (a few MB even when it holds tens of megapixels). */
export async function blankPng(width: number, height: number): Promise<Uint8Array<ArrayBuffer>> {
  const image = await sharp({ create: { width, height, channels: 3, background: "#ffffff" } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  return new Uint8Array(image);
}

/** What kind of picture the bytes are, how large, and whether anything of the camera's is left in them. */
export async function describeImage(bytes: Uint8Array) {
  const { format, width, height, orientation, exif, xmp } = await sharp(bytes).metadata();
  return {
    format,
    width,
    height,
    orientation: orientation ?? null,
    cameraMetadata: Boolean(exif ?? xmp) || Buffer.from(bytes).includes("HangDienThoai"),
  };
}
