// The H5P player page, alone in a sandbox: `components/h5p-player.tsx` frames it without
// allow-same-origin, and the CSP `sandbox` below keeps it opaque even when opened directly. Library
// JavaScript of an uploaded package therefore never runs with the app's origin or the viewer's cookies.
import { randomBytes } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readH5pPlayerToken } from "~/domain/materials/h5p-player-token.server";
import { h5pPlayerAssets } from "~/utils/h5p-player-assets";

/** The content id the page gives the player; xAPI statements of the whole activity carry it. */
const CONTENT_ID = "khl";

/**
 * Scripts come only from this server ('self': the player under /vendor/h5p and the package's libraries
 * under /h5p/<token>/content, both harmless in the opaque origin) and the nonced bootstrap; no
 * 'unsafe-inline', no 'unsafe-eval'. Inline styles are allowed because H5P and jQuery write style
 * attributes everywhere. No frames: the content runs in this page ("div" embedding, see below).
 */
function contentSecurityPolicy(nonce: string) {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
    "sandbox allow-scripts allow-popups",
  ].join("; ");
}

/** Inline data for a <script>: JSON with `<` escaped, so no string can close the element. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, "\\u003c");

/**
 * Runs the player and reports to the parent page with postMessage: ready/failed, the page height, and
 * the learner's answered/completed statements of the whole activity (not of sub-content: one question
 * inside a question set), reduced to verb, score, completion and success.
 */
function bootstrap(config: { h5pJsonPath: string; frameJs: string; frameCss: string; contentId: string }) {
  return `(function () {
  "use strict";
  var config = ${scriptJson(config)};
  var LOCAL_CONTENT_ID = "http://h5p.org/x-api/h5p-local-content-id";
  var SUB_CONTENT_ID = "http://h5p.org/x-api/h5p-subContentId";
  var post = function (message) { window.parent.postMessage(message, "*"); };
  var isNumber = function (value) { return typeof value === "number" && isFinite(value); };
  var settled = false;
  var fail = function (error) {
    if (settled) return;
    settled = true;
    console.warn("H5P player failed to load", error);
    post({ type: "khl:h5p-failed" });
  };

  // An opaque origin has no storage: reading localStorage or document.cookie throws, and H5P core reads
  // localStorage on start. In-memory stand-ins keep H5P working; nothing outlives the page.
  var memoryStorage = function () {
    var data = {};
    var has = function (key) { return Object.prototype.hasOwnProperty.call(data, key); };
    return {
      getItem: function (key) { key = String(key); return has(key) ? data[key] : null; },
      setItem: function (key, value) { data[String(key)] = String(value); },
      removeItem: function (key) { delete data[String(key)]; },
      clear: function () { data = {}; },
      key: function (index) { var keys = Object.keys(data); return index < keys.length ? keys[index] : null; },
      get length() { return Object.keys(data).length; }
    };
  };
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try { void window[name]; } catch (error) {
      Object.defineProperty(window, name, { value: memoryStorage(), configurable: true });
    }
  });
  try { void document.cookie; } catch (error) {
    var cookies = {};
    Object.defineProperty(document, "cookie", {
      configurable: true,
      get: function () { return Object.keys(cookies).map(function (name) { return name + "=" + cookies[name]; }).join("; "); },
      set: function (value) {
        var pair = String(value).split(";")[0];
        var at = pair.indexOf("=");
        if (at > 0) cookies[pair.slice(0, at).trim()] = pair.slice(at + 1).trim();
      }
    });
  }

  function toStatement(event) {
    var statement = event && event.data && event.data.statement;
    if (!statement || !statement.verb || typeof statement.verb.id !== "string") return null;
    var verb = statement.verb.id.slice(statement.verb.id.lastIndexOf("/") + 1);
    if (verb !== "answered" && verb !== "completed") return null;
    var extensions = (statement.object && statement.object.definition && statement.object.definition.extensions) || {};
    if (String(extensions[LOCAL_CONTENT_ID]) !== config.contentId || extensions[SUB_CONTENT_ID] !== undefined) return null;
    var out = { verb: verb };
    var result = statement.result || {};
    var score = result.score;
    if (score && isNumber(score.raw) && isNumber(score.max)) {
      out.score = { raw: score.raw, max: score.max };
      if (isNumber(score.scaled)) out.score.scaled = score.scaled;
    }
    if (typeof result.completion === "boolean") out.completion = result.completion;
    if (typeof result.success === "boolean") out.success = result.success;
    return out;
  }

  var element = document.getElementById("h5p-container");
  var lastHeight = 0;
  var reportHeight = function () {
    if (document.fullscreenElement) return;
    var height = Math.ceil(element.getBoundingClientRect().height);
    if (height !== lastHeight) {
      lastHeight = height;
      post({ type: "khl:h5p-height", height: height });
    }
  };
  if (typeof ResizeObserver === "function") new ResizeObserver(reportHeight).observe(element);

  // Framed by another origin, H5P core waits for its own resizer script to report window resizes.
  var resizeTimer = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      var H5P = window.H5P;
      if (H5P && H5P.instances && typeof H5P.trigger === "function") {
        H5P.instances.forEach(function (instance) { H5P.trigger(instance, "resize"); });
      }
      reportHeight();
    }, 50);
  });

  var ready = function () {
    if (settled) return;
    var dispatcher = window.H5P && window.H5P.externalDispatcher;
    if (!dispatcher) return fail(new Error("H5P.externalDispatcher missing"));
    dispatcher.on("xAPI", function (event) {
      var statement = toStatement(event);
      if (statement) post({ type: "khl:h5p-statement", statement: statement });
    });
    settled = true;
    post({ type: "khl:h5p-ready" });
    reportHeight();
  };

  try {
    if (!window.H5PStandalone) throw new Error("H5PStandalone missing");
    new window.H5PStandalone.H5P(element, {
      id: config.contentId,
      // h5p-standalone's default, "iframe", writes an about:blank frame it then scripts; in this sandbox
      // that frame gets an origin of its own, so it could not be filled. This page is the frame instead.
      embedType: "div",
      h5pJsonPath: config.h5pJsonPath,
      frameJs: config.frameJs,
      frameCss: config.frameCss,
      frame: false,
      copyright: false,
      export: false,
      embed: false,
      icon: false,
      fullScreen: true
    }).then(ready, fail);
  } catch (error) {
    fail(error);
  }
})();`;
}

const SECURITY_HEADERS = {
  "X-Frame-Options": "SAMEORIGIN",
  "X-Content-Type-Options": "nosniff",
  // The token is in the URL: never send it onwards (libraries may link or load elsewhere).
  "Referrer-Policy": "no-referrer",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  "Cache-Control": "no-store",
};

/** An unknown or expired token: a short page that tells the parent at once, instead of after its timeout. */
function notFound() {
  const nonce = randomBytes(16).toString("base64");
  const html = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>H5P</title></head><body>
<p>Không tìm thấy học liệu hoặc liên kết đã hết hạn. Hãy tải lại trang.</p>
<script nonce="${nonce}">window.parent.postMessage({ type: "khl:h5p-failed" }, "*");</script>
</body></html>
`;
  return new Response(html, {
    status: 404,
    headers: {
      ...SECURITY_HEADERS,
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": `default-src 'none'; script-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-scripts`,
    },
  });
}

export function loader({ params }: LoaderFunctionArgs) {
  const token = params.token ?? "";
  if (!readH5pPlayerToken(token)) return notFound();
  const nonce = randomBytes(16).toString("base64");
  const script = bootstrap({
    h5pJsonPath: `/h5p/${token}/content`,
    frameJs: h5pPlayerAssets.frameJs,
    frameCss: h5pPlayerAssets.frameCss,
    contentId: CONTENT_ID,
  });
  // The main script's URL is ours and constant; the bootstrap carries the nonce.
  const html = `<!doctype html>
<html lang="vi" class="h5p-iframe">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>H5P</title>
<style>html.h5p-iframe:root,html.h5p-iframe:root>body{height:auto;margin:0;padding:0;background:transparent}</style>
<script src="${h5pPlayerAssets.mainJs}"></script>
</head>
<body>
<div id="h5p-container"></div>
<script nonce="${nonce}">${script}</script>
</body>
</html>
`;
  return new Response(html, {
    headers: {
      ...SECURITY_HEADERS,
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": contentSecurityPolicy(nonce),
    },
  });
}
