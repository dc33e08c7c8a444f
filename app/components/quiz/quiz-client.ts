import type { AttemptView, IntegrityEventType } from "#content-schemas/assessments";
import { changedResponse, emptyResponse, fieldsFromResponse, responseFromFields } from "~/domain/assessments/form-responses";
import { AnswerQueue, type PendingAnswer, type SaveState, type SendOutcome } from "./answer-queue";

/**
 * The quiz page's only script (the page is not hydrated: no React in the browser, docs/assessment.md › Page weight).
 * It saves each answer as it changes through the public attempts API, keeps unsent answers in the browser, counts
 * down to the server's deadline (offset by the server clock, never the device's), submits at the deadline and reports
 * integrity events. Without it the page is a plain form that still saves and submits.
 */

export interface QuizData {
  attempt: Pick<AttemptView, "id" | "deadline" | "serverNow" | "items" | "responses">;
  labels: Record<SaveState, string> & {
    remaining: string;
    confirmSubmit: string;
    submitting: string;
    photoSending: string;
    photoSent: string;
    photoOffline: string;
    photoTooMany: string;
    photoFailed: string;
  };
}

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

/**
 * The photo as it will be sent: redrawn as JPEG at the size the server keeps (`longSide`), so a 12-megapixel phone
 * photo travels as ≈ 0.5 MB — and what the camera wrote into the file (the place it was taken) never leaves the phone.
 * The original when the browser cannot redraw it: the server redraws every photo anyway.
 */
async function redrawn(file: File, longSide: number): Promise<Blob> {
  if (typeof createImageBitmap !== "function") return file;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
    const scale = Math.min(1, longSide / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext("2d")?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return (await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85))) ?? file;
  } catch {
    return file;
  }
}

type PhotoSent = { id: string } | { problem: string } | "network";

async function sendPhoto(attemptId: string, itemKey: string, photo: Blob, fileName: string): Promise<PhotoSent> {
  const body = new FormData();
  body.append("photo", photo, fileName);
  try {
    const response = await fetch(`/api/v1/attempts/${attemptId}/responses/${encodeURIComponent(itemKey)}/photos`, {
      method: "POST",
      body,
    });
    if (response.ok) return { id: ((await response.json()) as { id: string }).id };
    if (response.status === 401 || response.status >= 500) return "network";
    const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
    return { problem: problem?.detail ?? "" };
  } catch {
    return "network";
  }
}

/** Adds a kept photo to an essay's list from the page's template (quiz-item.tsx › EssayPhotos); returns its box. */
function addPhotoEntry(box: HTMLElement, photoId: string): HTMLInputElement | null {
  const template = box.querySelector<HTMLTemplateElement>("template[data-photo-template]");
  const list = box.querySelector<HTMLElement>("[data-photo-list]");
  // Ids come from the server or the browser's own queue; anything else is not put into the page.
  if (!template || !list || !/^[0-9a-f]{24}$/.test(photoId)) return null;
  const entry = template.innerHTML.replaceAll("{{id}}", photoId).replaceAll("{{number}}", String(list.children.length + 1));
  list.insertAdjacentHTML("beforeend", entry);
  return list.lastElementChild?.querySelector<HTMLInputElement>('input[type="checkbox"]') ?? null;
}

const clock = (seconds: number) => `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;

export function startQuiz(form: HTMLFormElement, data: QuizData) {
  const { attempt, labels } = data;
  const device = deviceId();
  const stateView = document.querySelector<HTMLElement>("[data-save-state]");
  const countdown = document.querySelector<HTMLElement>("[data-countdown]");
  const submitButton = form.querySelector<HTMLButtonElement>('button[value="submit"]');
  const offlineSubmit = form.querySelector<HTMLElement>("[data-offline-submit]");
  const events: { type: IntegrityEventType; at: string; detail: string }[] = [];
  const note = (type: IntegrityEventType) => events.push({ type, at: new Date().toISOString(), detail: "" });

  const showState = (state: SaveState, pending: number) => {
    if (!stateView) return;
    stateView.dataset.state = state;
    stateView.textContent = labels[state].replace("{{count}}", String(pending));
    stateView.classList.toggle("text-red-800", state === "offline" || state === "error");
    stateView.classList.toggle("font-semibold", state === "offline" || state === "error");
  };

  const serverSeqs = Object.fromEntries(Object.entries(attempt.responses).map(([key, stored]) => [key, stored.seq]));
  const queue = new AnswerQueue(
    attempt.id,
    serverSeqs,
    window.localStorage,
    (answer) => sendAnswer(attempt.id, device, answer),
    showState,
  );

  // Answers kept in the browser (typed offline, before a reload or a crash) are put back into the form.
  for (const answer of queue.unsent) {
    const item = attempt.items.find((candidate) => candidate.key === answer.itemKey);
    if (!item) continue;
    const photoBox = form.querySelector<HTMLElement>(`[data-essay-photos="${CSS.escape(item.key)}"]`);
    if (answer.response.type === "essay" && photoBox) {
      for (const photoId of answer.response.photoUploadIds)
        if (!photoBox.querySelector(`input[value="${CSS.escape(photoId)}"]`)) addPhotoEntry(photoBox, photoId);
    }
    for (const [name, values] of Object.entries(fieldsFromResponse(item, answer.response))) {
      for (const field of Array.from(form.querySelectorAll<HTMLInputElement>(`[name="${CSS.escape(name)}"]`))) {
        if (field.type === "radio" || field.type === "checkbox") field.checked = values.includes(field.value);
        else field.value = values[0] ?? "";
      }
    }
  }
  // Answers given before this script ran (it comes after the page, late on a slow connection) are sent now.
  const shown = new FormData(form);
  for (const item of attempt.items) {
    const known = queue.unsent.find((answer) => answer.itemKey === item.key)?.response ?? attempt.responses[item.key]?.response;
    const response = changedResponse(item, (name) => shown.getAll(name).map(String), known);
    if (response) queue.change(item.key, response);
  }
  void queue.flush();

  const changed = (event: Event) => {
    // A chosen photo is an answer only once it is sent (sendPhotos below).
    if ((event.target as HTMLInputElement | null)?.type === "file") return;
    const itemKey = (event.target as HTMLElement | null)?.closest<HTMLElement>("[data-item-key]")?.dataset.itemKey;
    const item = itemKey ? attempt.items.find((candidate) => candidate.key === itemKey) : undefined;
    if (!item) return;
    const values = new FormData(form);
    queue.change(item.key, responseFromFields(item, (name) => values.getAll(name).map(String)) ?? emptyResponse(item.type));
  };
  form.addEventListener("change", changed);
  // Typing saves too, without waiting for the field to lose focus.
  let typing: ReturnType<typeof setTimeout> | undefined;
  form.addEventListener("input", (event) => {
    clearTimeout(typing);
    typing = setTimeout(() => changed(event), 800);
  });

  // Photos are sent as soon as they are chosen, then kept with the essay's answer like any other change. They are
  // not queued offline (a browser's storage is too small for them): the student is told to try again. One choice is
  // sent at a time (the field waits), and submitting or "Lưu bài" waits for photos still on their way.
  const photoUploads = new Set<Promise<void>>();
  const sendPhotos = async (input: HTMLInputElement) => {
    const box = input.closest<HTMLElement>("[data-essay-photos]");
    const status = box?.querySelector<HTMLElement>("[data-photo-status]");
    if (!box || !status) return;
    const files = Array.from(input.files ?? []);
    input.value = "";
    input.disabled = true;
    box.setAttribute("aria-busy", "true");
    const say = (text: string, problem: boolean) => {
      status.textContent = text;
      status.classList.toggle("text-red-800", problem);
    };
    const problems: string[] = [];
    for (const file of files) {
      if (box.querySelectorAll('[data-photo-list] input[type="checkbox"]:checked').length >= Number(box.dataset.photoMax)) {
        problems.push(labels.photoTooMany);
        break;
      }
      say(labels.photoSending, false);
      const sent = await sendPhoto(
        attempt.id,
        box.dataset.essayPhotos ?? "",
        await redrawn(file, Number(box.dataset.photoLongSide)),
        file.name,
      );
      if (sent === "network") {
        problems.push(labels.photoOffline);
        break;
      }
      if ("problem" in sent) problems.push(`${file.name}: ${sent.problem || labels.photoFailed}`);
      else addPhotoEntry(box, sent.id)?.dispatchEvent(new Event("change", { bubbles: true }));
    }
    say(problems.length ? problems.join(" ") : labels.photoSent, problems.length > 0);
    input.disabled = false;
    box.removeAttribute("aria-busy");
  };
  form.addEventListener("change", (event) => {
    const input = event.target as HTMLInputElement;
    if (!input.matches("[data-photo-input]")) return;
    const upload = sendPhotos(input);
    photoUploads.add(upload);
    void upload.finally(() => photoUploads.delete(upload));
  });

  const sendEvents = async () => {
    if (events.length === 0) return;
    const batch = events.splice(0, 50);
    try {
      const response = await fetch(`/api/v1/attempts/${attempt.id}/events`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ events: batch, ...(device ? { deviceId: device } : {}) }),
      });
      if (response.status >= 500) events.unshift(...batch);
    } catch {
      events.unshift(...batch);
    }
  };

  let submitting = false;
  const submitLabel = submitButton?.textContent ?? "";
  const submit = async () => {
    if (submitting) return;
    submitting = true;
    if (submitButton) {
      submitButton.disabled = true;
      submitButton.textContent = labels.submitting;
    }
    await Promise.all(photoUploads);
    await queue.flush();
    const unsent = queue.unsent.length > 0 && queue.current !== "closed";
    if (!unsent) {
      if (offlineSubmit) offlineSubmit.hidden = true;
      await sendEvents();
      try {
        const response = await fetch(`/api/v1/attempts/${attempt.id}/submit`, { method: "POST" });
        if (response.status < 500) {
          window.location.assign(`/attempts/${attempt.id}/result`);
          return;
        }
      } catch {
        // Offline: the answers stay queued; the student submits again when the connection is back.
      }
    }
    showState("offline", queue.unsent.length);
    if (offlineSubmit) offlineSubmit.hidden = false;
    submitting = false;
    if (submitButton) {
      submitButton.disabled = false;
      submitButton.textContent = submitLabel;
    }
  };

  // With the script running, answers are already saved one by one: submit through the API (which waits for unsent
  // answers) instead of posting the form; "Lưu bài" still posts.
  form.addEventListener("submit", (event) => {
    if ((event.submitter as HTMLButtonElement | null)?.value !== "submit") {
      // "Lưu bài" posts the form once the photos on their way are in the answer (the file field is already emptied).
      if (photoUploads.size === 0) return;
      event.preventDefault();
      void Promise.all(photoUploads).then(() => form.requestSubmit(event.submitter));
      return;
    }
    event.preventDefault();
    if (window.confirm(labels.confirmSubmit)) void submit();
  });

  const offset = Date.parse(attempt.serverNow) - Date.now();
  const deadline = Date.parse(attempt.deadline);
  const tick = () => {
    const left = Math.max(0, Math.round((deadline - (Date.now() + offset)) / 1000));
    if (countdown) {
      countdown.textContent = `⏱ ${clock(left)}`;
      countdown.setAttribute("aria-label", labels.remaining.replace("{{time}}", clock(left)));
    }
    if (left === 0) void submit();
  };
  tick();
  setInterval(tick, 1000);

  window.addEventListener("online", () => {
    note("reconnected");
    queue.reconnected();
  });
  window.addEventListener("offline", () => note("offline"));
  document.addEventListener("visibilitychange", () => document.visibilityState === "hidden" && note("tab_hidden"));
  window.addEventListener("blur", () => note("window_blur"));
  document.addEventListener("fullscreenchange", () => !document.fullscreenElement && note("fullscreen_exit"));
  setInterval(() => void sendEvents(), EVENT_FLUSH_MS);
}

const form = document.querySelector<HTMLFormElement>("form[data-quiz]");
const data = document.getElementById("quiz-data")?.textContent;
if (form && data) startQuiz(form, JSON.parse(data) as QuizData);
