import { PassThrough, type Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { Suspense } from "react";
import { renderToPipeableStream } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { withoutFizzPadding } from "./fizz-padding.server";

/** A page whose accented letters fall on every possible offset of React's 2,048-byte buffers. */
function Page() {
  const lines = Array.from({ length: 120 }, (_, index) => `${"x".repeat(index % 7)}Mở tại nguồn — Hướng dẫn giải ${index}`);
  return (
    <Suspense fallback={null}>
      <ul>
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </Suspense>
  );
}

function render(through: (stream: PassThrough) => Readable) {
  return new Promise<string>((resolve, reject) => {
    const { pipe } = renderToPipeableStream(<Page />, {
      onAllReady() {
        const body = new PassThrough();
        text(through(body)).then(resolve, reject);
        pipe(body);
      },
      onError: reject,
    });
  });
}

describe("withoutFizzPadding", () => {
  it("removes the NUL bytes React 18 leaves at buffer ends, and nothing else", async () => {
    const raw = await render((body) => body);
    // The bug this works around: without it the page carries NUL bytes.
    expect(raw).toContain("\u0000");
    const fixed = await render((body) => body.pipe(withoutFizzPadding()));
    expect(fixed).not.toContain("\u0000");
    expect(fixed).toBe(raw.replaceAll("\u0000", ""));
    expect(fixed.match(/Mở tại nguồn/g)).toHaveLength(120);
  });
});
