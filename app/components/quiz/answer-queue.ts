import type { QuestionResponse } from "#content-schemas/questions";

/**
 * The browser side of "never lose an answer": every change gets the item's next sequence number and is kept in
 * localStorage until the server acknowledges it, so answers typed offline, or before a crash or reload, are sent when
 * the connection is back. The server keeps the highest sequence number per item, which makes replays harmless.
 */

export type SaveState = "saved" | "saving" | "offline" | "closed" | "error";

export interface PendingAnswer {
  itemKey: string;
  seq: number;
  response: QuestionResponse;
}

/** What sending one answer can end in: acknowledged (with the seq the server holds), closed, refused, or not sent. */
export type SendOutcome = { kind: "stored"; seq: number } | { kind: "closed" } | { kind: "refused" } | { kind: "network" };

interface Persisted {
  seqs: Record<string, number>;
  pending: PendingAnswer[];
}

const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 20_000];

export class AnswerQueue {
  private readonly storageKey: string;
  private seqs: Record<string, number>;
  private pending = new Map<string, PendingAnswer>();
  private flushing: Promise<void> | null = null;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private state: SaveState = "saved";
  /** Items whose last sent answer the server refused: the page says so until the item is saved again. */
  private refused = new Set<string>();

  constructor(
    attemptId: string,
    serverSeqs: Record<string, number>,
    private readonly storage: Pick<Storage, "getItem" | "setItem" | "removeItem"> | null,
    private readonly send: (answer: PendingAnswer) => Promise<SendOutcome>,
    private readonly onState: (state: SaveState, pending: number) => void,
  ) {
    this.storageKey = `khl.attempt.${attemptId}`;
    const kept = this.read();
    this.seqs = { ...serverSeqs };
    for (const [key, seq] of Object.entries(kept.seqs)) this.seqs[key] = Math.max(this.seqs[key] ?? 0, seq);
    for (const answer of kept.pending)
      if (answer.seq > (serverSeqs[answer.itemKey] ?? 0)) this.pending.set(answer.itemKey, answer);
  }

  /** Answers kept in the browser that the server has not acknowledged (newer than what the page was rendered with). */
  get unsent(): PendingAnswer[] {
    return [...this.pending.values()];
  }

  get current(): SaveState {
    return this.state;
  }

  change(itemKey: string, response: QuestionResponse) {
    this.refused.delete(itemKey);
    const seq = (this.seqs[itemKey] ?? 0) + 1;
    this.seqs[itemKey] = seq;
    this.pending.set(itemKey, { itemKey, seq, response });
    this.write();
    void this.flush();
  }

  /**
   * Sends every unsent answer, one at a time, until none is left or the network fails (then retries with backoff).
   * Called while a flush is running, it returns that flush: a caller that waits (submitting) waits for the answer in
   * flight too.
   */
  flush(): Promise<void> {
    if (this.state === "closed") return Promise.resolve();
    this.flushing ??= this.sendPending().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async sendPending(): Promise<void> {
    // Answers changed while sending are sent in the next round.
    while (this.pending.size > 0) {
      this.setState("saving");
      for (const answer of [...this.pending.values()]) {
        const outcome = await this.send(answer);
        if (outcome.kind === "network") return this.scheduleRetry();
        if (outcome.kind === "closed") {
          this.pending.clear();
          this.write();
          return this.setState("closed");
        }
        const latest = this.pending.get(answer.itemKey);
        if (outcome.kind === "refused") {
          this.refused.add(answer.itemKey);
          // A newer change made while this one was in flight has not been judged yet: it is still sent.
          if (latest && latest.seq <= answer.seq) this.pending.delete(answer.itemKey);
        } else {
          this.refused.delete(answer.itemKey);
          // The server may hold a higher number (another tab or device): later changes must go above it.
          this.seqs[answer.itemKey] = Math.max(this.seqs[answer.itemKey] ?? 0, outcome.seq);
          if (latest && latest.seq <= outcome.seq) this.pending.delete(answer.itemKey);
        }
        this.write();
      }
      this.retries = 0;
    }
    this.setState(this.settledState());
  }

  /** The browser says it is back online: try now instead of waiting for the next retry. */
  reconnected() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.retries = 0;
    void this.flush();
  }

  private scheduleRetry() {
    this.setState("offline");
    if (this.retryTimer) return;
    const delay = RETRY_MS[Math.min(this.retries, RETRY_MS.length - 1)]!;
    this.retries++;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.flush();
    }, delay);
  }

  private settledState(): SaveState {
    return this.refused.size ? "error" : "saved";
  }

  private setState(state: SaveState) {
    this.state = state;
    this.onState(state, this.pending.size);
  }

  private read(): Persisted {
    try {
      const parsed = JSON.parse(this.storage?.getItem(this.storageKey) ?? "null") as Persisted | null;
      return parsed && typeof parsed === "object"
        ? { seqs: parsed.seqs ?? {}, pending: parsed.pending ?? [] }
        : { seqs: {}, pending: [] };
    } catch {
      return { seqs: {}, pending: [] };
    }
  }

  private write() {
    try {
      this.storage?.setItem(
        this.storageKey,
        JSON.stringify({ seqs: this.seqs, pending: [...this.pending.values()] } satisfies Persisted),
      );
    } catch {
      // Storage full or disabled (private mode): answers still go to the server; only the offline copy is lost.
    }
  }
}
