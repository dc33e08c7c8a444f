/** The browser's own video/audio player for a stored file; seeking works through range requests to storage. */
export function MediaPlayer({
  kind,
  src,
  title,
  poster,
  className,
}: {
  kind: "video" | "audio";
  src: string;
  title: string;
  poster?: string;
  className?: string;
}) {
  // Uploaded media carry no caption track yet; WebVTT captions are listed as follow-up work in docs/materials.md.
  /* eslint-disable jsx-a11y/media-has-caption */
  return kind === "video" ? (
    <video
      controls
      preload="metadata"
      poster={poster}
      src={src}
      className={className ?? "w-full rounded bg-black"}
      aria-label={title}
    />
  ) : (
    <audio controls preload="metadata" src={src} className={className ?? "w-full"} aria-label={title} />
  );
  /* eslint-enable jsx-a11y/media-has-caption */
}
