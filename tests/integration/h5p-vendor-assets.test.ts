import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { loader } from "~/routes/vendor.h5p.$";
import { H5P_PLAYER_VERSION, h5pPlayerAssets } from "~/utils/h5p-player-assets";

const PREFIX = "/vendor/h5p/";

/** Calls the route like Remix does: the splat is the raw path after the prefix, percent-decoded, never normalised. */
function get(url: string, headers?: HeadersInit) {
  const pathname = url.split("?")[0] ?? "";
  const splat = decodeURIComponent(pathname.slice(PREFIX.length));
  return loader({ request: new Request(`http://localhost${url}`, { headers }), params: { "*": splat }, context: {} });
}

describe("h5p-standalone assets served by the app", () => {
  it("knows the installed player version", () => {
    const pkg = createRequire(import.meta.url)("h5p-standalone/package.json") as { version: string };
    expect(H5P_PLAYER_VERSION).toBe(pkg.version);
    expect(h5pPlayerAssets).toEqual({
      mainJs: `/vendor/h5p/main.bundle.js?v=${pkg.version}`,
      frameJs: `/vendor/h5p/frame.bundle.js?v=${pkg.version}`,
      frameCss: `/vendor/h5p/styles/h5p.css?v=${pkg.version}`,
    });
  });

  it("streams a versioned script with a year-long immutable cache", async () => {
    const response = await get(h5pPlayerAssets.mainJs);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const body = await response.text();
    expect(body).toContain("H5PStandalone");
    expect(response.headers.get("content-length")).toBe(String(Buffer.byteLength(body)));
    const onDisk = readFileSync(createRequire(import.meta.url).resolve("h5p-standalone/dist/main.bundle.js"), "utf8");
    expect(body).toBe(onDisk);
  });

  it("caches unversioned files (fonts the CSS loads) briefly and answers revalidation with 304", async () => {
    const css = await get("/vendor/h5p/styles/h5p.css");
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect(css.headers.get("cache-control")).toBe("public, max-age=3600");
    expect(await css.text()).toContain("../fonts/h5p-core-30.woff2");

    const font = await get("/vendor/h5p/fonts/h5p-core-30.woff2");
    expect(font.status).toBe(200);
    expect(font.headers.get("content-type")).toBe("font/woff2");
    await font.body?.cancel();

    // An outdated version in the URL must not be cached forever under the new content.
    expect((await get("/vendor/h5p/frame.bundle.js?v=0.0.1")).headers.get("cache-control")).toBe("public, max-age=3600");

    const etag = css.headers.get("etag") ?? "";
    const again = await get("/vendor/h5p/styles/h5p.css", { "If-None-Match": etag });
    expect(again.status).toBe(304);
    expect(again.body).toBeNull();
  });

  it("answers 404 for paths leaving dist/, missing files and files the player does not need", async () => {
    for (const url of [
      "/vendor/h5p/../../package.json",
      "/vendor/h5p/..%2F..%2Fpackage.json",
      "/vendor/h5p/..%2F..%2Fyauzl%2Findex.js",
      "/vendor/h5p/styles/..%2F..%2Fpackage.json",
      "/vendor/h5p/%2Fetc%2Fpasswd",
      "/vendor/h5p/styles//h5p.css",
      "/vendor/h5p/missing.js",
      "/vendor/h5p/styles",
      "/vendor/h5p/h5p.d.ts",
      "/vendor/h5p/main.bundle.js.LICENSE.txt",
      "/vendor/h5p/",
    ]) {
      const response = await get(url);
      expect(response.status, url).toBe(404);
    }
  });
});
