// A consumer of the export that must type-check against exports/models.d.ts.
import type { KnownSurfaceId, Model, ModelCatalog, ModelSlug, SurfaceId } from "./models";
// The real export, as TypeScript infers it from the JSON, must be a ModelCatalog.
import data from "./models.json";

const catalog: ModelCatalog = data;

function availableOn(m: Model, surface: KnownSurfaceId): boolean | null {
  return m.availability[surface];
}

// A surface id known only at run time (from a newer export, say).
function availableOnAny(m: Model, surface: SurfaceId): boolean | null {
  return (m.availability as Partial<Record<string, boolean | null>>)[surface] ?? null;
}

const api: KnownSurfaceId = "api";
const newer: ModelSlug = "a-model-added-after-this-file"; // the unions are open
const onApi = catalog.models.filter((m) => availableOn(m, api) === true).map((m) => m.slug);
const chains = catalog.models.map((m) => [m.slug, m.upgrade_to ?? "none", m.capability ?? 0] as const);
const notes: (string | null)[] = catalog.models.map((m) => m.availability_notes.api);
const anywhere = catalog.models.map((m) => availableOnAny(m, "a-surface-added-later"));
export { anywhere, chains, newer, notes, onApi };
