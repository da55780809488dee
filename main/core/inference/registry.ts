import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Modality } from '../volume/types.js';
import { validateManifest, type ModelManifest } from './manifest.js';

export interface ManifestProblem {
  file: string;
  message: string;
}

export interface ModelRegistry {
  readonly modelsDir: string;
  /** Valid models, optionally only those offered for a study's modality, sorted by name. */
  list(modality?: Modality): ModelManifest[];
  /** Throws a clear error when no valid manifest has this id. */
  get(id: string): ModelManifest;
  /** Manifests that were skipped, and why (shown to the user, never silently dropped). */
  readonly problems: readonly ManifestProblem[];
}

export class ModelNotFoundError extends Error {
  constructor(id: string, modelsDir: string, known: string[]) {
    super(`No model "${id}" in ${modelsDir} (available: ${known.length ? known.join(', ') : 'none'}).`);
    this.name = 'ModelNotFoundError';
  }
}

/** Reads and validates every `*.json` manifest in `modelsDir`. A bad manifest is reported, not fatal. */
export async function loadModelRegistry(modelsDir: string): Promise<ModelRegistry> {
  const dir = path.resolve(modelsDir);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const models = new Map<string, ModelManifest>();
  const problems: ManifestProblem[] = [];
  for (const file of files) {
    const full = path.join(dir, file);
    try {
      const manifest = validateManifest(JSON.parse(await readFile(full, 'utf8')), full);
      if (models.has(manifest.id)) throw new Error(`Model manifest ${full}: field "id" repeats "${manifest.id}" from another manifest`);
      models.set(manifest.id, manifest);
    } catch (err) {
      problems.push({ file: full, message: err instanceof Error ? err.message : String(err) });
    }
  }
  const all = [...models.values()].sort((a, b) => a.name.localeCompare(b.name));
  return {
    modelsDir: dir,
    problems,
    list: (modality) => all.filter((m) => modality === undefined || m.modalities.includes(modality)),
    get: (id) => {
      const m = models.get(id);
      if (!m) throw new ModelNotFoundError(id, dir, [...models.keys()]);
      return m;
    },
  };
}

export function modelFilePath(manifest: ModelManifest, modelsDir: string): string {
  return path.join(path.resolve(modelsDir), manifest.onnx);
}
