import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["build/", ".cache/", ".data/", "node_modules/", "test-results/", "playwright-report/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "no-console": "off",
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    settings: { react: { version: "18" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.configs.recommended.rules,
    },
  },
  {
    // Server-only boundary: models/ and workers/ (mongoose, the queue) reach the UI only
    // through app/**/*.server.ts modules, which Remix keeps out of the browser bundle.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/**/*.server.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["#models/*", "**/models/*", "#workers/*", "**/workers/*"],
              message: "Import models and workers only from app/**/*.server.ts modules.",
            },
          ],
          paths: [
            { name: "mongoose", message: "Use mongoose only in models/ and app/**/*.server.ts." },
            { name: "mongodb", message: "Use the database only in models/ and app/**/*.server.ts." },
            { name: "agenda", message: "Use the job queue only in workers/ and app/**/*.server.ts." },
          ],
        },
      ],
    },
  },
);
