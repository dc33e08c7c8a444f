import { decode } from "turbo-stream";
import { afterEach, describe, expect, it } from "vitest";

// patches/turbo-stream+2.4.1.patch: Remix decodes every loader response with turbo-stream and reads only its `value`.
describe("turbo-stream decoding a response cut short", () => {
  const unhandled: unknown[] = [];
  const record = (reason: unknown) => unhandled.push(reason);
  afterEach(() => {
    process.off("unhandledRejection", record);
    unhandled.length = 0;
  });

  function bodyCutAfterFirstLine() {
    let cut!: (reason: unknown) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('[{"_1":2},"title","Đề kiểm tra"]\n'));
        cut = (reason) => controller.error(reason);
      },
    });
    return { body, cut };
  }

  it("leaves no unhandled rejection when the navigation's body is aborted after the first line", async () => {
    process.on("unhandledRejection", record);
    const { body, cut } = bodyCutAfterFirstLine();
    const decoded = await decode(body);
    expect(decoded.value).toEqual({ title: "Đề kiểm tra" });

    cut(new DOMException("signal is aborted without reason", "AbortError"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(unhandled).toEqual([]);
  });

  it("still rejects `done` for a caller that waits for the whole body", async () => {
    const { body, cut } = bodyCutAfterFirstLine();
    const decoded = await decode(body);
    cut(new DOMException("signal is aborted without reason", "AbortError"));
    await expect(decoded.done).rejects.toMatchObject({ name: "AbortError" });
  });
});
