// Debian packages the app needs outside node_modules (Chromium for end-to-end tests, the media
// tools the worker uses for previews). Installed with apt-get when running as root (CI, a fresh
// server); otherwise the operator gets the exact command to run.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { findOnPath } from "./binaries";
import { SetupError } from "./processes";

export interface SystemPackageNeed {
  /** A command looked up on PATH, or an absolute path that must exist (a browser, a font file). */
  command: string;
  /** The Debian package that provides it. */
  aptPackage: string;
}

/** What the worker runs to make thumbnails, posters, PDF and page previews of learning materials. */
export const MEDIA_TOOL_PACKAGES: SystemPackageNeed[] = [
  { command: "ffmpeg", aptPackage: "ffmpeg" },
  { command: "ffprobe", aptPackage: "ffmpeg" },
  { command: "pdftoppm", aptPackage: "poppler-utils" },
  { command: "pdfinfo", aptPackage: "poppler-utils" },
  { command: "soffice", aptPackage: "libreoffice-impress-nogui" },
  { command: "soffice", aptPackage: "libreoffice-writer-nogui" },
  // Vietnamese text in PDF and page previews (LibreOffice falls back to fonts without every diacritic).
  { command: "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", aptPackage: "fonts-noto-core" },
];

const present = (command: string) => (path.isAbsolute(command) ? existsSync(command) : findOnPath(command) !== undefined);

/**
 * Makes sure every `command` is available, installing the Debian packages of those that are not
 * with one `apt-get install` (as root); otherwise throws a SetupError with the command to run.
 * A command listed with several packages (soffice: Impress and Writer) installs them all.
 */
export function ensureSystemPackages(needs: SystemPackageNeed[], purpose: string): void {
  const missing = needs.filter((need) => !present(need.command));
  if (missing.length === 0) return;
  const commands = [...new Set(missing.map((need) => need.command))];
  const packages = [...new Set(missing.map((need) => need.aptPackage))];
  const install = `apt-get install -y --no-install-recommends ${packages.join(" ")}`;
  if (process.getuid?.() !== 0) {
    throw new SetupError(`Thiếu ${commands.join(", ")} (cần cho ${purpose}). Cài bằng: sudo ${install}`);
  }
  if (!findOnPath("apt-get")) {
    throw new SetupError(
      `Thiếu ${commands.join(", ")} (cần cho ${purpose}) và máy này không có apt-get: cài các gói ${packages.join(", ")} ` +
        "bằng trình quản lý gói của hệ điều hành.",
    );
  }
  console.log(`• Cài ${packages.join(", ")} từ kho Debian (cho ${purpose}) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  for (const args of [
    ["update", "-qq"],
    ["install", "-y", "-qq", "--no-install-recommends", ...packages],
  ]) {
    if (spawnSync("apt-get", args, { stdio: "inherit", env }).status !== 0) {
      throw new SetupError(`apt-get ${args.join(" ")} thất bại: xem lỗi ở trên.`);
    }
  }
  const stillMissing = commands.filter((command) => !present(command));
  if (stillMissing.length > 0) {
    throw new SetupError(`Đã cài ${packages.join(", ")} nhưng vẫn không thấy ${stillMissing.join(", ")}.`);
  }
}
