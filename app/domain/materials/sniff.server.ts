import { Readable } from "node:stream";
import { fileTypeFromStream } from "file-type";
import { readObjectStream, readObjectStart } from "~/services/storage.server";

/** SVG is text, which byte signatures cannot recognise; a root <svg> element in the first kilobytes decides. */
const looksLikeSvg = (head: string) =>
  /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(head);

/** Scripts, event handlers and javascript: URLs — what makes an SVG dangerous to show. */
export const svgHasScript = (svg: string) => /<script\b|\son[a-z]+\s*=|javascript:|<foreignObject\b/i.test(svg);

/**
 * The real type of a stored object, read from its content: file-type reads only as many bytes as
 * it needs (Office files are recognised by their inner parts), then the stream is dropped.
 */
export async function sniffStoredType(key: string): Promise<string | undefined> {
  const { body } = await readObjectStream(key);
  if (!body) return undefined;
  try {
    const detected = await fileTypeFromStream(Readable.toWeb(body) as ReadableStream<Uint8Array>);
    if (detected) return detected.mime;
  } finally {
    body.destroy();
  }
  const head = new TextDecoder().decode(await readObjectStart(key, 4096));
  return looksLikeSvg(head) ? "image/svg+xml" : undefined;
}
