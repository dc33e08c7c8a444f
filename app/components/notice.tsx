import type { ReactNode } from "react";

const TONES = {
  success: { role: "status", className: "border-green-200 bg-green-50 text-success" },
  error: { role: "alert", className: "border-red-200 bg-red-50 text-danger" },
} as const;

/** The message after an action: announced to screen readers (status for success, alert for errors). */
export function Notice({
  tone,
  children,
  className = "",
}: {
  tone: keyof typeof TONES;
  children: ReactNode;
  className?: string;
}) {
  return (
    <p role={TONES[tone].role} className={`rounded-md border p-3 text-sm font-medium ${TONES[tone].className} ${className}`}>
      {children}
    </p>
  );
}
