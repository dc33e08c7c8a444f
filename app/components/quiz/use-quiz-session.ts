import { useCallback, useEffect, useRef, useState, type RefObject } from "react";
import type { AttemptView, IntegrityEventType } from "#content-schemas/assessments";
import { fieldsFromResponse, responseFromFields } from "~/domain/assessments/form-responses";
import { AnswerQueue, type PendingAnswer, type SaveState, type SendOutcome } from "./answer-queue";

/**
 * The quiz page's script: saves each answer as it changes through the public attempts API, keeps unsent answers in
 * the browser, counts down to the server's deadline (offset by the server clock, never the device's), submits at the
 * deadline, and reports integrity events. Without it the page is a plain form that still saves and submits.
 */

const DEVICE_KEY = "khl.device";
const EVENT_FLUSH_MS = 5_000;

function deviceId(): string {
  try {
    const known = localStorage.getItem(DEVICE_KEY);
    if (known) return known;
    const created = Array.from(crypto.getRandomValues(new Uint8Array(12)), (byte) => byte.toString(16).padStart(2, "0")).join("");
    localStorage.setItem(DEVICE_KEY, created);
    return created;
  } catch {
    return "";
  }
}

async function sendAnswer(attemptId: string, device: string, answer: PendingAnswer): Promise<SendOutcome> {
  try {
    const response = await fetch(`/api/v1/attempts/${attemptId}/responses/${encodeURIComponent(answer.itemKey)}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ seq: answer.seq, response: answer.response, ...(device ? { deviceId: device } : {}) }),
    });
    if (response.ok) return { kind: "stored", seq: ((await response.json()) as { seq: number }).seq };
    if (response.status === 409) return { kind: "closed" };
    // Signed out, or the server is restarting: keep the answer and try again.
    if (response.status === 401 || response.status >= 500) return { kind: "network" };
    return { kind: "refused" };
  } catch {
    return { kind: "network" };
  }
}

export function useQuizSession(attempt: AttemptView, formRef: RefObject<HTMLFormElement>) {
  const [state, setState] = useState<{ save: SaveState; pending: number }>({ save: "saved", pending: 0 });
  const [remaining, setRemaining] = useState<number | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const queueRef = useRef<AnswerQueue | null>(null);
  const events = useRef<{ type: IntegrityEventType; at: string; detail: string }[]>([]);
  const device = useRef("");

  const note = useCallback((type: IntegrityEventType, detail = "") => {
    events.current.push({ type, at: new Date().toISOString(), detail });
  }, []);

  const sendEvents = useCallback(async () => {
    if (events.current.length === 0) return;
    const batch = events.current.splice(0, 50);
    try {
      const response = await fetch(`/api/v1/attempts/${attempt.id}/events`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ events: batch, ...(device.current ? { deviceId: device.current } : {}) }),
      });
      if (!response.ok && response.status >= 500) events.current.unshift(...batch);
    } catch {
      events.current.unshift(...batch);
    }
  }, [attempt.id]);

  const submit = useCallback(async () => {
    const queue = queueRef.current;
    setSubmitting(true);
    await queue?.flush();
    if (queue && queue.unsent.length && queue.current !== "closed") {
      setSubmitting(false);
      return false;
    }
    await sendEvents();
    try {
      const response = await fetch(`/api/v1/attempts/${attempt.id}/submit`, { method: "POST" });
      if (!response.ok && response.status >= 500) throw new Error(String(response.status));
    } catch {
      setSubmitting(false);
      setState((previous) => ({ ...previous, save: "offline" }));
      return false;
    }
    window.location.assign(`/attempts/${attempt.id}/result`);
    return true;
  }, [attempt.id, sendEvents]);

  // The answer queue, and answers kept in the browser put back into the form.
  useEffect(() => {
    device.current = deviceId();
    const serverSeqs = Object.fromEntries(Object.entries(attempt.responses).map(([key, stored]) => [key, stored.seq]));
    const queue = new AnswerQueue(
      attempt.id,
      serverSeqs,
      window.localStorage,
      (answer) => sendAnswer(attempt.id, device.current, answer),
      (save, pending) => setState({ save, pending }),
    );
    queueRef.current = queue;
    const form = formRef.current;
    for (const answer of queue.unsent) {
      const item = attempt.items.find((candidate) => candidate.key === answer.itemKey);
      if (!item || !form) continue;
      for (const [name, values] of Object.entries(fieldsFromResponse(item, answer.response))) {
        for (const field of Array.from(form.querySelectorAll<HTMLInputElement>(`[name="${CSS.escape(name)}"]`))) {
          if (field.type === "radio" || field.type === "checkbox") field.checked = values.includes(field.value);
          else field.value = values[0] ?? "";
        }
      }
    }
    void queue.flush();
    const online = () => {
      note("reconnected");
      queue.reconnected();
    };
    const offline = () => note("offline");
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
    };
  }, [attempt, formRef, note]);

  // Each change of a field saves its item.
  useEffect(() => {
    const form = formRef.current;
    if (!form) return;
    const changed = (event: Event) => {
      const target = event.target as HTMLInputElement | null;
      const itemKey = target?.closest<HTMLElement>("[data-item-key]")?.dataset.itemKey;
      const item = itemKey ? attempt.items.find((candidate) => candidate.key === itemKey) : undefined;
      if (!item) return;
      const data = new FormData(form);
      const response = responseFromFields(item, (name) => data.getAll(name).map(String)) ?? emptyResponse(item.type);
      queueRef.current?.change(item.key, response);
    };
    form.addEventListener("change", changed);
    // Typing saves too, without waiting for the field to lose focus.
    let typing: ReturnType<typeof setTimeout> | undefined;
    const input = (event: Event) => {
      clearTimeout(typing);
      typing = setTimeout(() => changed(event), 800);
    };
    form.addEventListener("input", input);
    return () => {
      form.removeEventListener("change", changed);
      form.removeEventListener("input", input);
      clearTimeout(typing);
    };
  }, [attempt.items, formRef]);

  // The countdown to the server's deadline, and the submission when it is reached.
  useEffect(() => {
    const offset = Date.parse(attempt.serverNow) - Date.now();
    const deadline = Date.parse(attempt.deadline);
    let submitted = false;
    const tick = () => {
      const left = Math.max(0, Math.round((deadline - (Date.now() + offset)) / 1000));
      setRemaining(left);
      if (left === 0 && !submitted) {
        submitted = true;
        void submit();
      }
    };
    tick();
    const timer = setInterval(tick, 1000);
    return () => clearInterval(timer);
  }, [attempt.deadline, attempt.serverNow, submit]);

  // Integrity events: what the teacher sees next to the result.
  useEffect(() => {
    const hidden = () => document.visibilityState === "hidden" && note("tab_hidden");
    const blur = () => note("window_blur");
    const fullscreen = () => !document.fullscreenElement && note("fullscreen_exit");
    document.addEventListener("visibilitychange", hidden);
    window.addEventListener("blur", blur);
    document.addEventListener("fullscreenchange", fullscreen);
    const timer = setInterval(() => void sendEvents(), EVENT_FLUSH_MS);
    return () => {
      document.removeEventListener("visibilitychange", hidden);
      window.removeEventListener("blur", blur);
      document.removeEventListener("fullscreenchange", fullscreen);
      clearInterval(timer);
    };
  }, [note, sendEvents]);

  return { save: state.save, pending: state.pending, remaining, submitting, submit };
}

function emptyResponse(type: AttemptView["items"][number]["type"]) {
  switch (type) {
    case "single_choice":
      return { type, optionId: null } as const;
    case "multiple_response":
      return { type, optionIds: [] };
    case "true_false_group":
      return { type, answers: {} };
    case "short_answer":
      return { type, text: "" } as const;
    case "essay":
      return { type, text: "", photoUploadIds: [] };
    case "matching":
      return { type, pairs: {} };
    case "ordering":
      return { type, order: [] };
    case "cloze":
      return { type, gaps: {} };
  }
}
