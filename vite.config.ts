import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [tailwindcss(), remix(remixConfig), tsconfigPaths()],
  server: { host: "127.0.0.1" },
  // The quiz page's script is built like a worker (`?worker&url`): one standalone module without React.
  worker: { format: "es", plugins: () => [tsconfigPaths()] },
  build: {
    target: "es2022",
    rollupOptions: {
      // Resource routes (API, health) have no browser code, and zod's comments confuse Rollup: both are noise.
      onwarn(warning, warn) {
        if (warning.code === "EMPTY_BUNDLE" || warning.code === "INVALID_ANNOTATION") return;
        warn(warning);
      },
    },
  },
});
