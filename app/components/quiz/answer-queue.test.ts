import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { QuestionResponse } from "#content-schemas/questions";
import { AnswerQueue, type PendingAnswer, type SaveState, type SendOutcome } from "./answer-queue";

/** localStorage in memory. */
class MemoryStorage {
  readonly values = new Map<string, string>();
  getItem(key: string) {
    return this.values.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.values.set(key, String(value));
  }
  removeItem(key: string) {
    this.values.delete(key);
  }
}

/** What the queue keeps for an attempt in the browser. */
const kept = (storage: MemoryStorage, attemptId = "att1") =>
  JSON.parse(storage.getItem(`khl.attempt.${attemptId}`) ?? "null") as {
    seqs: Record<string, number>;
    pending: PendingAnswer[];
  } | null;

/** A server whose answers the test gives one by one: each call waits until the test resolves it. */
function controllableServer() {
  const calls: { answer: PendingAnswer; resolve: (outcome: SendOutcome) => void }[] = [];
  const send = vi.fn(
    (answer: PendingAnswer) =>
      new Promise<SendOutcome>((resolve) => {
        calls.push({ answer: structuredClone(answer), resolve });
      }),
  );
  return { send, calls };
}

/** Lets the queue's awaits run (the sends the test resolved, and what the queue does next). */
async function settle() {
  for (let tick = 0; tick < 20; tick++) await Promise.resolve();
}

const choose = (optionId: string): QuestionResponse => ({ type: "single_choice", optionId });
const type = (text: string): QuestionResponse => ({ type: "short_answer", text });

let storage: MemoryStorage;
let states: [SaveState, number][];
const onState = (state: SaveState, pending: number) => states.push([state, pending]);

beforeEach(() => {
  vi.useFakeTimers();
  storage = new MemoryStorage();
  states = [];
});

afterEach(() => {
  vi.useRealTimers();
});

describe("AnswerQueue: sequence numbers", () => {
  it("numbers an item's changes from the server's seq: +1, then +2 …", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", { q1: 4 }, storage, send, onState);
    queue.change("q1", choose("A"));
    expect(calls[0]!.answer).toEqual({ itemKey: "q1", seq: 5, response: choose("A") });
    calls[0]!.resolve({ kind: "stored", seq: 5 });
    await settle();
    queue.change("q1", choose("C"));
    expect(calls[1]!.answer).toEqual({ itemKey: "q1", seq: 6, response: choose("C") });
    calls[1]!.resolve({ kind: "stored", seq: 6 });
    await settle();
    // An item the server has nothing for starts at 1.
    queue.change("q2", type("-1,5"));
    expect(calls[2]!.answer).toEqual({ itemKey: "q2", seq: 1, response: type("-1,5") });
  });

  it("numbers each change even while an earlier one is still being sent", () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", { q1: 2 }, storage, send, onState);
    queue.change("q1", choose("A"));
    queue.change("q1", choose("B"));
    queue.change("q1", choose("D"));
    expect(calls.map((call) => call.answer.seq)).toEqual([3]);
    // Only the latest answer of an item waits; it has the highest number.
    expect(queue.unsent).toEqual([{ itemKey: "q1", seq: 5, response: choose("D") }]);
    expect(kept(storage)).toEqual({ seqs: { q1: 5 }, pending: [{ itemKey: "q1", seq: 5, response: choose("D") }] });
  });
});

describe("AnswerQueue: saving", () => {
  it("keeps an answer in storage until the server acknowledges it, then forgets it", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", choose("B"));
    expect(queue.current).toBe("saving");
    expect(queue.unsent).toHaveLength(1);
    expect(kept(storage)?.pending).toEqual([{ itemKey: "q1", seq: 1, response: choose("B") }]);

    calls[0]!.resolve({ kind: "stored", seq: 1 });
    await settle();
    expect(queue.unsent).toEqual([]);
    expect(kept(storage)).toEqual({ seqs: { q1: 1 }, pending: [] });
    expect(queue.current).toBe("saved");
    expect(states).toEqual([
      ["saving", 1],
      ["saved", 0],
    ]);
  });

  it("sends one answer at a time, in the order they changed", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", choose("A"));
    queue.change("q2", choose("B"));
    queue.change("q3", choose("C"));
    expect(calls).toHaveLength(1);
    calls[0]!.resolve({ kind: "stored", seq: 1 });
    await settle();
    expect(calls.map((call) => call.answer.itemKey)).toEqual(["q1", "q2"]);
    calls[1]!.resolve({ kind: "stored", seq: 1 });
    await settle();
    calls[2]!.resolve({ kind: "stored", seq: 1 });
    await settle();
    expect(calls.map((call) => call.answer.itemKey)).toEqual(["q1", "q2", "q3"]);
    expect(queue.unsent).toEqual([]);
    expect(queue.current).toBe("saved");
  });

  it("does not drop a newer change made while the older one was being sent", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", type("1,4"));
    queue.change("q1", type("1,5"));
    // The server stores seq 1 ("1,4"); the client already has seq 2 ("1,5"), which must still go.
    calls[0]!.resolve({ kind: "stored", seq: 1 });
    await settle();
    expect(calls[1]!.answer).toEqual({ itemKey: "q1", seq: 2, response: type("1,5") });
    expect(queue.unsent).toEqual([{ itemKey: "q1", seq: 2, response: type("1,5") }]);
    expect(kept(storage)?.pending).toEqual([{ itemKey: "q1", seq: 2, response: type("1,5") }]);
    calls[1]!.resolve({ kind: "stored", seq: 2 });
    await settle();
    expect(queue.unsent).toEqual([]);
    expect(queue.current).toBe("saved");
  });

  it("makes a flush asked for while an answer is in flight wait for it (submitting right after the last answer)", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", choose("A"));
    let flushed = false;
    void queue.flush().then(() => (flushed = true));
    await settle();
    expect(flushed).toBe(false);
    expect(queue.unsent).toHaveLength(1);
    calls[0]!.resolve({ kind: "stored", seq: 1 });
    await settle();
    expect(flushed).toBe(true);
    expect(queue.unsent).toEqual([]);
    expect(queue.current).toBe("saved");
  });

  it("forgets an answer when the server already holds a newer one for the item", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", choose("A"));
    calls[0]!.resolve({ kind: "stored", seq: 7 });
    await settle();
    expect(queue.unsent).toEqual([]);
    expect(calls).toHaveLength(1);
  });
});

describe("AnswerQueue: offline", () => {
  it("keeps the answer when the network fails, goes offline and retries with backoff", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", choose("A"));
    calls[0]!.resolve({ kind: "network" });
    await settle();
    expect(queue.current).toBe("offline");
    expect(states.at(-1)).toEqual(["offline", 1]);
    expect(queue.unsent).toEqual([{ itemKey: "q1", seq: 1, response: choose("A") }]);
    expect(kept(storage)?.pending).toEqual([{ itemKey: "q1", seq: 1, response: choose("A") }]);

    // First retry after 1 s, then 2 s, 5 s …
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.answer).toEqual(calls[0]!.answer);
    calls[1]!.resolve({ kind: "network" });
    await settle();
    await vi.advanceTimersByTimeAsync(1_999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    calls[2]!.resolve({ kind: "network" });
    await settle();
    await vi.advanceTimersByTimeAsync(4_999);
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(4);

    calls[3]!.resolve({ kind: "stored", seq: 1 });
    await settle();
    expect(queue.current).toBe("saved");
    expect(queue.unsent).toEqual([]);
    expect(kept(storage)?.pending).toEqual([]);
  });

  it("waits at most 20 s between retries", async () => {
    const send = vi.fn(() => Promise.resolve<SendOutcome>({ kind: "network" }));
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", choose("A"));
    await settle();
    // Retries at 1, 3, 8, 18, 38, 58, 78 s after the first failure.
    await vi.advanceTimersByTimeAsync(78_000);
    expect(send).toHaveBeenCalledTimes(8);
    await vi.advanceTimersByTimeAsync(19_999);
    expect(send).toHaveBeenCalledTimes(8);
    await vi.advanceTimersByTimeAsync(1);
    expect(send).toHaveBeenCalledTimes(9);
    expect(queue.current).toBe("offline");
  });

  it("sends again at once when the browser is back online, and cancels the pending retry", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", choose("A"));
    calls[0]!.resolve({ kind: "network" });
    await settle();
    queue.reconnected();
    expect(calls).toHaveLength(2);
    expect(calls[1]!.answer).toEqual({ itemKey: "q1", seq: 1, response: choose("A") });
    calls[1]!.resolve({ kind: "stored", seq: 1 });
    await settle();
    expect(queue.current).toBe("saved");
    // The retry timer was cancelled.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(2);
  });

  it("restarts the backoff at 1 s after reconnecting", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", choose("A"));
    calls[0]!.resolve({ kind: "network" });
    await settle();
    await vi.advanceTimersByTimeAsync(1_000);
    calls[1]!.resolve({ kind: "network" });
    await settle();
    // The next retry would be 2 s away; reconnecting sends now and a new failure waits 1 s again.
    queue.reconnected();
    calls[2]!.resolve({ kind: "network" });
    await settle();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toHaveLength(4);
  });

  it("keeps only the answers not yet sent when the network fails part-way", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", choose("A"));
    queue.change("q2", choose("B"));
    calls[0]!.resolve({ kind: "stored", seq: 1 });
    await settle();
    calls[1]!.resolve({ kind: "network" });
    await settle();
    expect(queue.current).toBe("offline");
    expect(queue.unsent).toEqual([{ itemKey: "q2", seq: 1, response: choose("B") }]);
    expect(kept(storage)?.pending).toEqual([{ itemKey: "q2", seq: 1, response: choose("B") }]);
  });
});

describe("AnswerQueue: the server says no", () => {
  it("stops when the attempt is closed: the queue is cleared and nothing more is sent", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", choose("A"));
    queue.change("q2", choose("B"));
    calls[0]!.resolve({ kind: "closed" });
    await settle();
    expect(queue.current).toBe("closed");
    expect(queue.unsent).toEqual([]);
    expect(kept(storage)?.pending).toEqual([]);
    expect(states.at(-1)).toEqual(["closed", 0]);

    queue.change("q3", choose("C"));
    queue.reconnected();
    await queue.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    expect(queue.current).toBe("closed");
  });

  it("drops a refused answer and shows an error", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", type("x".repeat(300)));
    calls[0]!.resolve({ kind: "refused" });
    await settle();
    expect(queue.current).toBe("error");
    expect(states.at(-1)).toEqual(["error", 0]);
    expect(queue.unsent).toEqual([]);
    expect(kept(storage)?.pending).toEqual([]);
    // Not retried.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(1);
    // The next change is saved as usual.
    queue.change("q2", choose("B"));
    expect(calls[1]!.answer).toEqual({ itemKey: "q2", seq: 1, response: choose("B") });
  });

  it("goes on with the other waiting answers after a refusal, and still shows the error", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    // Both answers wait (offline) before the queue sends them in one go.
    queue.change("q1", type("x".repeat(300)));
    queue.change("q2", choose("B"));
    calls[0]!.resolve({ kind: "network" });
    await settle();
    queue.reconnected();
    calls[1]!.resolve({ kind: "refused" });
    await settle();
    expect(calls[2]!.answer.itemKey).toBe("q2");
    calls[2]!.resolve({ kind: "stored", seq: 1 });
    await settle();
    expect(queue.unsent).toEqual([]);
    expect(kept(storage)?.pending).toEqual([]);
    expect(queue.current).toBe("error");
  });

  // The same as above, except that q2 changed while q1 was in flight instead of before: the queue then sends q2 in a
  // second pass (flush → flush), which sets "saving" and then "saved", so the student is never told q1 was lost.
  it("still shows the error when the other answer changed while the refused one was in flight", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", type("x".repeat(300)));
    queue.change("q2", choose("B"));
    calls[0]!.resolve({ kind: "refused" });
    await settle();
    expect(calls[1]!.answer.itemKey).toBe("q2");
    calls[1]!.resolve({ kind: "stored", seq: 1 });
    await settle();
    expect(queue.unsent).toEqual([]);
    expect(queue.current).toBe("error");
  });

  // A refusal is about the answer that was sent (a 4xx for that body). If the student changed the item again while
  // it was in flight, the newer answer has not been judged and must still be sent, as it is after a "stored" ack.
  it("still sends a newer change of an item whose older answer was refused", async () => {
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", type("x".repeat(300)));
    queue.change("q1", type("1,5"));
    calls[0]!.resolve({ kind: "refused" });
    await settle();
    expect(queue.unsent.concat(calls.slice(1).map((call) => call.answer))).toContainEqual({
      itemKey: "q1",
      seq: 2,
      response: type("1,5"),
    });
  });
});

describe("AnswerQueue: after a reload", () => {
  /** A first page that could not send anything: q1 changed twice (seq 2), q2 and q3 once. */
  function offlinePage() {
    const send = vi.fn(() => Promise.resolve<SendOutcome>({ kind: "network" }));
    const queue = new AnswerQueue("att1", {}, storage, send, onState);
    queue.change("q1", choose("A"));
    queue.change("q1", choose("C"));
    queue.change("q2", type("12"));
    queue.change("q3", choose("D"));
    return queue;
  }

  it("restores unsent answers newer than the server's and ignores the ones the server has", async () => {
    offlinePage();
    await settle();
    expect(kept(storage)?.seqs).toEqual({ q1: 2, q2: 1, q3: 1 });

    // The page is reloaded: the server got q2 (its ack was lost) and holds a newer q3 (from another tab).
    const { send, calls } = controllableServer();
    const reloaded = new AnswerQueue("att1", { q2: 1, q3: 5 }, storage, send, onState);
    expect(reloaded.unsent).toEqual([{ itemKey: "q1", seq: 2, response: choose("C") }]);
    void reloaded.flush();
    expect(calls[0]!.answer).toEqual({ itemKey: "q1", seq: 2, response: choose("C") });
    calls[0]!.resolve({ kind: "stored", seq: 2 });
    await settle();
    expect(reloaded.current).toBe("saved");
  });

  it("numbers new changes above both the stored and the server's seqs", () => {
    offlinePage();
    const { send, calls } = controllableServer();
    const reloaded = new AnswerQueue("att1", { q2: 1, q3: 5 }, storage, send, onState);
    reloaded.change("q1", choose("B"));
    reloaded.change("q2", type("13"));
    reloaded.change("q3", choose("A"));
    reloaded.change("q4", choose("A"));
    expect(calls[0]!.answer.seq).toBe(3);
    expect(Object.fromEntries(reloaded.unsent.map((answer) => [answer.itemKey, answer.seq]))).toEqual({
      q1: 3,
      q2: 2,
      q3: 6,
      q4: 1,
    });
  });

  it("keeps each attempt's answers apart", () => {
    offlinePage();
    const other = new AnswerQueue("att2", {}, storage, controllableServer().send, onState);
    expect(other.unsent).toEqual([]);
  });

  it("starts empty when the stored copy is unreadable", () => {
    storage.setItem("khl.attempt.att1", "{not json");
    const queue = new AnswerQueue("att1", { q1: 3 }, storage, controllableServer().send, onState);
    expect(queue.unsent).toEqual([]);
    queue.change("q1", choose("A"));
    expect(queue.unsent[0]!.seq).toBe(4);
  });
});

describe("AnswerQueue: storage that does not work", () => {
  it("still saves when setItem throws (storage full or private mode)", async () => {
    const full = {
      getItem: () => null,
      setItem: vi.fn(() => {
        throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      }),
      removeItem: () => undefined,
    };
    const { send, calls } = controllableServer();
    const queue = new AnswerQueue("att1", {}, full, send, onState);
    expect(() => queue.change("q1", choose("A"))).not.toThrow();
    expect(full.setItem).toHaveBeenCalled();
    expect(calls[0]!.answer).toEqual({ itemKey: "q1", seq: 1, response: choose("A") });
    calls[0]!.resolve({ kind: "stored", seq: 1 });
    await settle();
    expect(queue.current).toBe("saved");
    queue.change("q1", choose("B"));
    expect(calls[1]!.answer.seq).toBe(2);
  });

  it("still saves when getItem throws, or without any storage", async () => {
    const broken = {
      getItem: () => {
        throw new Error("SecurityError");
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    };
    for (const candidate of [broken, null]) {
      const { send, calls } = controllableServer();
      const queue = new AnswerQueue("att1", { q1: 1 }, candidate, send, onState);
      queue.change("q1", choose("A"));
      expect(calls[0]!.answer.seq).toBe(2);
      calls[0]!.resolve({ kind: "stored", seq: 2 });
      await settle();
      expect(queue.current).toBe("saved");
    }
  });
});
