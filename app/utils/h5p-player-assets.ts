import { version } from "h5p-standalone/package.json";

/** Version of the installed h5p-standalone player; the asset URLs carry it so browsers may cache them forever. */
export const H5P_PLAYER_VERSION: string = version;

/** Where `routes/vendor.h5p.$.ts` serves the player's `dist/` folder from the app itself (no CDN). */
export const H5P_PLAYER_BASE_PATH = "/vendor/h5p";

const versioned = (file: string) => `${H5P_PLAYER_BASE_PATH}/${file}?v=${encodeURIComponent(H5P_PLAYER_VERSION)}`;

/** The player's entry script (UMD, sets `window.H5PStandalone`) and what it injects into the content frame. */
export const h5pPlayerAssets = {
  mainJs: versioned("main.bundle.js"),
  frameJs: versioned("frame.bundle.js"),
  frameCss: versioned("styles/h5p.css"),
} as const;
