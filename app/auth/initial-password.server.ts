import { randomInt } from "node:crypto";

// No 0/O, 1/l/I: initial passwords are read off paper by children.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** A random first password (10 characters ≈ 49 bits); the person must change it at first sign-in. */
export function generateInitialPassword(length = 10): string {
  return Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
}
