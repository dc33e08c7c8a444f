import { z } from "zod";

/** The parts of an H5P package's h5p.json the platform relies on. */
export const h5pManifestSchema = z.object({
  title: z.string().trim().min(1),
  language: z.string().optional(),
  mainLibrary: z.string().regex(/^H5P\.[A-Za-z0-9]+$/),
  embedTypes: z.array(z.enum(["div", "iframe"])).optional(),
  preloadedDependencies: z
    .array(
      z.object({
        machineName: z.string(),
        majorVersion: z.union([z.number(), z.string()]),
        minorVersion: z.union([z.number(), z.string()]),
      }),
    )
    .min(1),
});

export type H5pManifest = z.infer<typeof h5pManifestSchema>;

/** Limits against zip bombs and oversized packages (one place, shared by the upload form and the worker). */
export const H5P_LIMITS = {
  maxFiles: 3_000,
  maxUncompressedBytes: 300 * 1024 * 1024,
  /** A deflated entry that expands more than this is treated as a zip bomb. */
  maxCompressionRatio: 100,
};

/** File types H5P core accepts in content; libraries may also carry scripts and styles. */
export const H5P_CONTENT_EXTENSIONS = [
  "json",
  "png",
  "jpg",
  "jpeg",
  "gif",
  "bmp",
  "tif",
  "tiff",
  "svg",
  "eot",
  "ttf",
  "woff",
  "woff2",
  "otf",
  "webm",
  "mp4",
  "ogg",
  "mp3",
  "m4a",
  "wav",
  "txt",
  "pdf",
  "rtf",
  "doc",
  "docx",
  "xls",
  "xlsx",
  "ppt",
  "pptx",
  "odt",
  "ods",
  "odp",
  "xml",
  "csv",
  "diff",
  "patch",
  "md",
  "textile",
  "vtt",
  "webvtt",
] as const;
export const H5P_LIBRARY_EXTENSIONS = [...H5P_CONTENT_EXTENSIONS, "js", "css"] as const;
