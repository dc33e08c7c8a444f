import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { Notice } from "~/components/notice";

/** A learner's result the player reports (from H5P's xAPI "answered" and "completed" statements). */
export interface H5pStatement {
  verb: "answered" | "completed";
  score?: { raw: number; max: number; scaled?: number };
  completion?: boolean;
  success?: boolean;
}

export interface H5pPlayerProps {
  /** The sandboxed player page, `/h5p/<token>/play` (see `issueH5pPlayerToken`). */
  playUrl: string;
  /** Accessible name of the player frame (the material's title). */
  title: string;
  onStatement?: (statement: H5pStatement) => void;
  /** Translated texts: shown while the player loads and when it cannot load. */
  labels: { loading: string; failed: string };
}

const LOAD_TIMEOUT_MS = 60_000;
const MIN_HEIGHT = 300;
const MAX_HEIGHT = 2000;

/**
 * Messages of the player page (`routes/h5p.$token.play.ts`). The page runs a package's own JavaScript,
 * so anything may arrive: only these shapes count, and numbers are bounded.
 */
const playerMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("khl:h5p-ready") }),
  z.object({ type: z.literal("khl:h5p-failed") }),
  z.object({ type: z.literal("khl:h5p-height"), height: z.number().min(0).max(1_000_000) }),
  z.object({
    type: z.literal("khl:h5p-statement"),
    statement: z.object({
      verb: z.enum(["answered", "completed"]),
      score: z
        .object({
          raw: z.number().min(-1_000_000).max(1_000_000),
          max: z.number().min(0).max(1_000_000),
          scaled: z.number().min(-1).max(1).optional(),
        })
        .optional(),
      completion: z.boolean().optional(),
      success: z.boolean().optional(),
    }),
  }),
]);

/**
 * Plays an extracted H5P package in a sandboxed frame without `allow-same-origin`: the package's
 * JavaScript gets an opaque origin, so it can reach neither this page nor the viewer's session. The
 * frame reports readiness, its height and the learner's answers and completion by postMessage.
 */
export function H5pPlayer({ playUrl, title, onStatement, labels }: H5pPlayerProps) {
  const frameRef = useRef<HTMLIFrameElement>(null);
  const onStatementRef = useRef(onStatement);
  // Kept with the URL they belong to: another playUrl starts again from "loading" and the minimum height.
  const [outcome, setOutcome] = useState<{ playUrl: string; status: "ready" | "failed" } | null>(null);
  const [measured, setMeasured] = useState<{ playUrl: string; height: number } | null>(null);
  const status = outcome?.playUrl === playUrl ? outcome.status : "loading";
  const height = measured?.playUrl === playUrl ? measured.height : MIN_HEIGHT;

  useEffect(() => {
    onStatementRef.current = onStatement;
  }, [onStatement]);

  useEffect(() => {
    const frame = frameRef.current;
    if (!frame) return;
    let settled = false;
    const settle = (next: "ready" | "failed") => {
      if (settled) return;
      settled = true;
      setOutcome({ playUrl, status: next });
    };

    const onMessage = (event: MessageEvent) => {
      if (!frame.contentWindow || event.source !== frame.contentWindow) return;
      const parsed = playerMessageSchema.safeParse(event.data);
      if (!parsed.success) return;
      const message = parsed.data;
      switch (message.type) {
        case "khl:h5p-ready":
          settle("ready");
          break;
        case "khl:h5p-failed":
          settled = true;
          setOutcome({ playUrl, status: "failed" });
          break;
        case "khl:h5p-height":
          setMeasured({ playUrl, height: Math.min(MAX_HEIGHT, Math.max(MIN_HEIGHT, Math.ceil(message.height))) });
          break;
        case "khl:h5p-statement":
          onStatementRef.current?.(message.statement);
          break;
      }
    };
    window.addEventListener("message", onMessage);
    // The player starts only now, with the listener in place, so no early message is missed.
    frame.src = playUrl;
    const timeout = window.setTimeout(() => settle("failed"), LOAD_TIMEOUT_MS);

    return () => {
      window.removeEventListener("message", onMessage);
      window.clearTimeout(timeout);
    };
  }, [playUrl]);

  return (
    <div aria-busy={status === "loading"} className="relative w-full">
      {status === "loading" ? (
        <p role="status" className="p-4 text-sm text-muted">
          {labels.loading}
        </p>
      ) : null}
      {status === "failed" ? (
        <Notice tone="error">{labels.failed}</Notice>
      ) : (
        // No src here: the effect above sets it. Removed on failure, so a package still running stops.
        <iframe
          key={playUrl}
          ref={frameRef}
          title={title}
          sandbox="allow-scripts allow-popups"
          allow="fullscreen"
          referrerPolicy="no-referrer"
          className="block w-full border-0"
          style={{ height }}
        />
      )}
    </div>
  );
}
