// Must NOT type-check: each line misspells something the declarations know.
import type { KnownSurfaceId, Model } from "./models";

declare const m: Model;
export const a = m.capabilty; // TS2551: did you mean 'capability'?
export const b = m.succeded_by; // TS2551: did you mean 'succeeded_by'?
export const c: KnownSurfaceId = "codex_clii"; // TS2820: not a known surface (did you mean "codex_cli"?)
export const d = m.availability.codex_clii; // TS2551: a surface is a declared key, not any string
