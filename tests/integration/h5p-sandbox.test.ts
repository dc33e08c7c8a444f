import path from "node:path";
import { Script } from "node:vm";
import { beforeAll, describe, expect, it } from "vitest";
import { extractH5pPackage } from "~/domain/materials/h5p-extract.server";
import { issueH5pPlayerToken } from "~/domain/materials/h5p-player-token.server";
import { loader as contentLoader } from "~/routes/h5p.$token.content.$";
import { loader as playLoader } from "~/routes/h5p.$token.play";
import { loader as vendorLoader } from "~/routes/vendor.h5p.$";
import { ensureBucket } from "~/services/storage.server";
import { h5pPlayerAssets } from "~/utils/h5p-player-assets";

const FIXTURE = path.resolve(__dirname, "../../../shared/fixtures/h5p/true-false-hello-world.h5p");
const PREFIX = "orgs/org1/materials/m1/v2/h5p";
const GRANT = { materialId: "m1", version: 2, h5pPrefix: PREFIX, userId: "u1" };

let token = "";

beforeAll(async () => {
  await ensureBucket();
  await extractH5pPackage(FIXTURE, `${PREFIX}/`);
  token = issueH5pPlayerToken(GRANT);
});

/** Calls the route like Remix does: params percent-decoded, never normalised. */
function play(playToken: string) {
  const url = `http://localhost/h5p/${playToken}/play`;
  return playLoader({ request: new Request(url), params: { token: playToken }, context: {} });
}

function content(contentToken: string, file: string, headers?: HeadersInit) {
  const url = `http://localhost/h5p/${contentToken}/content/${file}`;
  return contentLoader({
    request: new Request(url, { headers: { origin: "null", ...headers } }),
    params: { token: contentToken, "*": decodeURIComponent(file) },
    context: {},
  });
}

function tampered(valid: string) {
  const [body = "", signature = ""] = valid.split(".");
  const payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Record<string, unknown>;
  return `${Buffer.from(JSON.stringify({ ...payload, p: "orgs/org2/materials/m9/v1/h5p" })).toString("base64url")}.${signature}`;
}

describe("sandboxed H5P player page", () => {
  it("is a standalone HTML page in a sandbox, loading only the player and a nonced bootstrap", async () => {
    const response = await play(token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("cache-control")).toBe("no-store");

    const csp = response.headers.get("content-security-policy") ?? "";
    const directives = new Map(
      csp.split(";").map((directive) => {
        const [name = "", ...values] = directive.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get("sandbox")).toEqual(["allow-scripts", "allow-popups"]);
    expect(directives.get("default-src")).toEqual(["'none'"]);
    expect(directives.get("frame-ancestors")).toEqual(["'self'"]);
    const scriptSrc = directives.get("script-src") ?? [];
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    const nonce = scriptSrc.find((source) => source.startsWith("'nonce-"))?.slice("'nonce-".length, -1);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);

    const html = await response.text();
    expect(html).toContain(`<script src="${h5pPlayerAssets.mainJs}"></script>`);
    expect(html).toContain(`<script nonce="${nonce}">`);
    expect(html).toContain(JSON.stringify(`/h5p/${token}/content`));
    expect(html).toContain("khl:h5p-statement");
    expect(html).not.toMatch(/\/build\/|entry\.client|__remix/);
    // Every inline script is nonced: nothing else could run.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toEqual([`<script nonce="${nonce}">`]);

    // A fresh nonce per response.
    const again = (await play(token)).headers.get("content-security-policy");
    expect(again).not.toBe(csp);
  });

  it("runs the package in the page itself, with stand-ins for the storage an opaque origin lacks", async () => {
    const html = await (await play(token)).text();
    const bootstrap = /<script nonce="[^"]+">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(() => new Script(bootstrap)).not.toThrow();
    // The default "iframe" embedding scripts an about:blank frame, which a sandbox gives another origin.
    expect(bootstrap).toContain('embedType: "div"');
    expect(bootstrap).toContain('"localStorage"');
    expect(bootstrap).toMatch(/H5P\.externalDispatcher/);
  });

  it("answers 404 for a tampered, foreign or missing token", async () => {
    for (const bad of [tampered(token), "abc.def", "", `${token}x`]) {
      const response = await play(bad);
      expect(response.status, bad).toBe(404);
      // It tells the parent page at once, from its own sandbox, and loads nothing.
      expect(response.headers.get("content-security-policy")).toMatch(
        /^default-src 'none'; script-src 'nonce-[^']+';.*sandbox allow-scripts$/,
      );
      expect(await response.text()).toContain('postMessage({ type: "khl:h5p-failed" }, "*")');
    }
  });
});

describe("files of a sandboxed H5P package", () => {
  it("streams h5p.json from storage to the opaque-origin player", async () => {
    const response = await content(token, "h5p.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBe("sandbox");
    expect(response.headers.get("cache-control")).toBe("private, max-age=21600");
    expect(await response.json()).toMatchObject({ mainLibrary: "H5P.TrueFalse" });
  });

  it("streams libraries and fonts, with ranges", async () => {
    const script = await content(token, "H5P.TrueFalse-1.6/scripts/h5p-true-false.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    await script.body?.cancel();

    const font = await content(token, "FontAwesome-4.5/fontawesome-webfont.woff2", { range: "bytes=0-3" });
    expect(font.status).toBe(206);
    expect(font.headers.get("access-control-allow-origin")).toBe("*");
    expect(new Uint8Array(await font.arrayBuffer())).toEqual(new Uint8Array(Buffer.from("wOF2")));
  });

  it("answers 404 for a bad token, a path leaving the package and missing files", async () => {
    for (const [badToken, file] of [
      [tampered(token), "h5p.json"],
      ["not-a-token", "h5p.json"],
      [token, "../h5p.json"],
      [token, "..%2F..%2Fv1%2Fh5p%2Fh5p.json"],
      [token, "content/../h5p.json"],
      [token, "content//content.json"],
      [token, "./h5p.json"],
      [token, "content%5C..%5Ch5p.json"],
      [token, ""],
      [token, "missing.json"],
    ] as const) {
      const response = await content(badToken, file);
      expect(response.status, `${badToken.slice(0, 8)} ${file}`).toBe(404);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      await response.body?.cancel();
    }
  });
});

describe("h5p-standalone assets for the sandbox", () => {
  it("lets an opaque origin load the player's fonts", async () => {
    const request = (file: string) =>
      vendorLoader({
        request: new Request(`http://localhost/vendor/h5p/${file}`, { headers: { origin: "null" } }),
        params: { "*": file },
        context: {},
      });
    const font = await request("fonts/h5p-core-30.woff2");
    expect(font.status).toBe(200);
    expect(font.headers.get("access-control-allow-origin")).toBe("*");
    await font.body?.cancel();
    const css = await request("styles/h5p.css");
    expect(css.headers.get("access-control-allow-origin")).toBeNull();
    await css.body?.cancel();
  });
});
