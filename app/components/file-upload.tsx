import AwsS3, { type AwsS3Part } from "@uppy/aws-s3";
import Uppy from "@uppy/core";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { acceptedExtensions, UPLOAD_PART_BYTES, UPLOAD_RULES, type UploadPurpose } from "#content-schemas/materials";
import { checkDeclaredSize } from "~/domain/materials/upload-rules";
import { formatBytes } from "~/i18n/format";
import { ApiRefusal, callApi } from "~/utils/api-client";
import type { Language } from "~/i18n/config";

export interface CompletedUpload {
  id: string;
  fileName: string;
  size: number;
  mimeType: string | null;
}

type Status =
  | { state: "idle" }
  | { state: "uploading"; fileName: string; sent: number; total: number }
  | { state: "verifying"; fileName: string; total: number }
  | { state: "interrupted"; fileName: string; sent: number; total: number }
  | { state: "refused"; message: string }
  | { state: "done"; upload: CompletedUpload };

type UploadMeta = Record<string, never>;
type UploadBody = { upload?: CompletedUpload };

/**
 * Sends a file straight to storage in parts (S3 multipart through presigned URLs), so the web
 * server never carries the bytes. A dropped connection pauses the upload; it resumes from the
 * parts already stored when the connection returns or the person presses «Tải tiếp». The server
 * then checks the stored bytes; a refused file is reported with the server's reason.
 */
export function FileUpload({
  purpose,
  name,
  labelledBy,
  initial,
  onChange,
}: {
  purpose: UploadPurpose;
  name: string;
  labelledBy: string;
  initial?: CompletedUpload | null;
  onChange?: (upload: CompletedUpload | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const inputId = useId();
  const statusId = useId();
  const [status, setStatus] = useState<Status>(initial ? { state: "done", upload: initial } : { state: "idle" });
  const uppyRef = useRef<Uppy<UploadMeta, UploadBody> | null>(null);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  });

  useEffect(() => {
    const uppy = new Uppy<UploadMeta, UploadBody>({
      autoProceed: true,
      allowMultipleUploadBatches: true,
      // Failures are shown in the form in Vietnamese; Uppy's own console errors would only repeat them.
      logger: { debug: () => undefined, warn: (...args: unknown[]) => console.warn(...args), error: () => undefined },
    });
    uppy.use(AwsS3<UploadMeta, UploadBody>, {
      shouldUseMultipart: true,
      limit: 4,
      retryDelays: [0, 1000, 3000, 5000],
      getChunkSize: () => UPLOAD_PART_BYTES,
      async createMultipartUpload(file) {
        const upload = await callApi<{ id: string; key: string }>("/api/v1/uploads", {
          method: "POST",
          body: JSON.stringify({ purpose, fileName: file.name, size: file.size, contentType: file.type || undefined }),
        });
        return { uploadId: upload.id, key: upload.key };
      },
      async signPart(_file, { uploadId, partNumber, signal }) {
        const { url } = await callApi<{ url: string }>(`/api/v1/uploads/${uploadId}/parts/${partNumber}`, { signal });
        return { method: "PUT", url };
      },
      async listParts(_file, { uploadId, signal }) {
        const { items } = await callApi<{ items: { partNumber: number; etag: string; size: number }[] }>(
          `/api/v1/uploads/${uploadId}/parts`,
          { signal },
        );
        return items.map((part): AwsS3Part => ({ PartNumber: part.partNumber, ETag: part.etag, Size: part.size }));
      },
      async completeMultipartUpload(file, { uploadId, parts, signal }) {
        setStatus({ state: "verifying", fileName: file.name ?? "", total: file.size ?? 0 });
        const upload = await callApi<CompletedUpload>(`/api/v1/uploads/${uploadId}/complete`, {
          method: "POST",
          signal,
          body: JSON.stringify({
            parts: parts.map((part) => ({ partNumber: part.PartNumber, etag: part.ETag })),
          }),
        });
        return { location: "", upload };
      },
      async abortMultipartUpload(_file, { uploadId }) {
        await callApi(`/api/v1/uploads/${uploadId}`, { method: "DELETE" }).catch(() => undefined);
      },
    });
    uppy.on("upload-progress", (file, progress) => {
      if (!file || !navigator.onLine) return;
      setStatus({
        state: "uploading",
        fileName: file.name ?? "",
        sent: progress.bytesUploaded,
        total: progress.bytesTotal ?? file.size ?? 0,
      });
    });
    uppy.on("upload-success", (_file, response) => {
      const upload = response.body?.upload;
      if (!upload) return;
      setStatus({ state: "done", upload });
      onChangeRef.current?.(upload);
    });
    uppy.on("upload-error", (file, error) => {
      if (!file) return;
      // The server's refusals end the upload; anything else is the network, and the stored parts wait for a resume.
      if (error instanceof ApiRefusal || (error as { cause?: unknown }).cause instanceof ApiRefusal) {
        uppy.removeFile(file.id);
        setStatus({ state: "refused", message: error.message });
        return;
      }
      setStatus({
        state: "interrupted",
        fileName: file.name ?? "",
        sent: file.progress.bytesUploaded || 0,
        total: file.size ?? 0,
      });
    });
    uppyRef.current = uppy;
    // Say at once when the network goes (Uppy itself keeps retrying quietly), and when it comes back carry on
    // from the stored parts without waiting for a click.
    const interrupt = () =>
      setStatus((current) => (current.state === "uploading" ? { ...current, state: "interrupted" } : current));
    const resume = () => {
      setStatus((current) => (current.state === "interrupted" ? { ...current, state: "uploading" } : current));
      void uppy.retryAll();
    };
    window.addEventListener("offline", interrupt);
    window.addEventListener("online", resume);
    return () => {
      window.removeEventListener("offline", interrupt);
      window.removeEventListener("online", resume);
      uppy.destroy();
      uppyRef.current = null;
    };
  }, [purpose]);

  function choose(file: File | undefined) {
    const uppy = uppyRef.current;
    if (!file || !uppy) return;
    const size = checkDeclaredSize(purpose, file.name, file.size);
    if (!size.ok) {
      setStatus({ state: "refused", message: size.reason });
      return;
    }
    for (const existing of uppy.getFiles()) uppy.removeFile(existing.id);
    onChange?.(null);
    setStatus({ state: "uploading", fileName: file.name, sent: 0, total: file.size });
    uppy.addFile({ name: file.name, type: file.type, data: file, source: "file-input", meta: {} });
  }

  const percent = (sent: number, total: number) => (total > 0 ? Math.floor((sent / total) * 100) : 0);
  const busy = status.state === "uploading" || status.state === "verifying" || status.state === "interrupted";

  return (
    <div className="space-y-2" role="group" aria-labelledby={labelledBy}>
      <input type="hidden" name={name} value={status.state === "done" ? status.upload.id : ""} />
      <label htmlFor={inputId} className="field-label">
        {status.state === "done" ? t("upload.replace") : t("upload.choose")}
      </label>
      <input
        id={inputId}
        type="file"
        className="field-input"
        accept={acceptedExtensions(purpose).join(",")}
        aria-describedby={statusId}
        disabled={busy && status.state !== "interrupted"}
        onChange={(event) => {
          choose(event.currentTarget.files?.[0]);
          event.currentTarget.value = "";
        }}
      />
      <p className="text-sm text-muted">
        {t("upload.limits", {
          types: acceptedExtensions(purpose).join(", "),
          size: formatBytes(UPLOAD_RULES[purpose].maxBytes, language),
        })}
      </p>
      <div id={statusId} aria-live="polite" className="space-y-2">
        {(status.state === "uploading" || status.state === "interrupted") && (
          <>
            <progress
              className="h-3 w-full"
              max={100}
              value={percent(status.sent, status.total)}
              aria-label={t("upload.progressLabel", { name: status.fileName })}
            />
            <p className="text-sm">
              {t("upload.progress", {
                name: status.fileName,
                percent: percent(status.sent, status.total),
                sent: formatBytes(status.sent, language),
                total: formatBytes(status.total, language),
              })}
            </p>
          </>
        )}
        {status.state === "interrupted" && (
          <div className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" role="alert">
            <p>{t("upload.interrupted")}</p>
            <button type="button" className="btn btn-secondary mt-2" onClick={() => void uppyRef.current?.retryAll()}>
              {t("upload.resume")}
            </button>
          </div>
        )}
        {status.state === "verifying" && <p className="text-sm">{t("upload.verifying", { name: status.fileName })}</p>}
        {status.state === "refused" && (
          <p className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-800" role="alert">
            {status.message}
          </p>
        )}
        {status.state === "done" && (
          <p className="text-sm text-emerald-800">
            {t("upload.done", { name: status.upload.fileName, size: formatBytes(status.upload.size, language) })}
          </p>
        )}
      </div>
    </div>
  );
}
