import type { LabelInfo, Modality, Vec3 } from '../volume/types.js';

/** Schema of `models/<id>.json`; see models/README.md (the two must agree). */
export interface ModelManifest {
  schemaVersion: 1;
  id: string;
  name: string;
  task: string;
  /** File name of the ONNX graph, relative to the manifest's folder. */
  onnx: string;
  modalities: Modality[];
  inputs: { image: string; domain?: string };
  domains?: Partial<Record<Modality, number>>;
  output: { name: string; kind: 'logits' | 'probabilities'; classes: number };
  labels: LabelInfo[];
  /** Model grid spacing in mm, (x, y, z) order. */
  spacingMm: Vec3;
  /** Patch size in voxels, [D, H, W] = (z, y, x) order. */
  patchSize: Vec3;
  /** Fraction of a patch shared by neighbouring windows, 0 ≤ overlap < 1. */
  overlap: number;
  normalisation: Partial<Record<Modality, Normalisation>>;
  postprocess: PostprocessSpec;
  licence: string;
  trainingData: string[];
  validation: ValidationEntry[];
  /** Click-to-segment model: run on one patch around a seed point (`segmentCrop`), not over the whole volume. */
  seedCrop?: boolean;
  notes?: string;
}

export type Normalisation =
  | { kind: 'window-zscore'; window: [number, number]; mean: number; std: number }
  | { kind: 'percentile-zscore'; percentiles: [number, number] }
  | { kind: 'minmax' };

export interface PostprocessSpec {
  largestComponent: boolean;
  fillHoles: boolean;
  minComponentMl: number;
}

export interface ValidationEntry {
  case: string;
  modality: Modality;
  dice?: number;
  volumeErrorPct?: number;
}

export class ManifestError extends Error {
  constructor(
    readonly source: string,
    readonly field: string,
    problem: string,
  ) {
    super(`Model manifest ${source}: field "${field}" ${problem}`);
    this.name = 'ManifestError';
  }
}

const MODALITIES: readonly Modality[] = ['CT', 'MR', 'PT', 'OT'];
const TOP_LEVEL_FIELDS = [
  'schemaVersion', 'id', 'name', 'task', 'onnx', 'modalities', 'inputs', 'domains', 'output', 'labels',
  'spacingMm', 'patchSize', 'overlap', 'normalisation', 'postprocess', 'licence', 'trainingData',
  'validation', 'seedCrop', 'notes',
] as const;

type Obj = Record<string, unknown>;

/** Checks a parsed manifest against the schema; throws a ManifestError naming the first bad field. */
export function validateManifest(raw: unknown, source = '<manifest>'): ModelManifest {
  const fail = (field: string, problem: string): never => {
    throw new ManifestError(source, field, problem);
  };
  const got = (v: unknown) => `(got ${JSON.stringify(v) ?? String(v)})`;
  const obj = (v: unknown, field: string): Obj =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : fail(field, `must be an object ${got(v)}`);
  const noExtra = (o: Obj, allowed: readonly string[], prefix: string) => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(prefix + k, 'is not part of the schema (misspelt?)');
  };
  const str = (v: unknown, field: string): string =>
    typeof v === 'string' && v.trim() !== '' ? v : fail(field, `must be a non-empty string ${got(v)}`);
  const num = (v: unknown, field: string, ok: (n: number) => boolean = () => true, what = 'a number'): number =>
    typeof v === 'number' && Number.isFinite(v) && ok(v) ? v : fail(field, `must be ${what} ${got(v)}`);
  const bool = (v: unknown, field: string): boolean => (typeof v === 'boolean' ? v : fail(field, `must be true or false ${got(v)}`));
  const arr = (v: unknown, field: string, len?: number): unknown[] =>
    Array.isArray(v) && (len === undefined || v.length === len)
      ? v
      : fail(field, `must be an array${len === undefined ? '' : ` of ${len} numbers`} ${got(v)}`);
  const modality = (v: unknown, field: string): Modality =>
    MODALITIES.includes(v as Modality) ? (v as Modality) : fail(field, `must be one of ${MODALITIES.join(', ')} ${got(v)}`);
  const vec3 = (v: unknown, field: string, ok: (n: number) => boolean, what: string): Vec3 => {
    const a = arr(v, field, 3);
    return [num(a[0], `${field}[0]`, ok, what), num(a[1], `${field}[1]`, ok, what), num(a[2], `${field}[2]`, ok, what)];
  };

  const m = obj(raw, '(root)');
  noExtra(m, TOP_LEVEL_FIELDS, '');
  if (m.schemaVersion !== 1) fail('schemaVersion', `must be 1 ${got(m.schemaVersion)}`);
  const id = str(m.id, 'id');
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(id)) fail('id', `must be lower-case letters, digits, '.', '_' or '-' ${got(id)}`);
  const onnx = str(m.onnx, 'onnx');
  if (!onnx.endsWith('.onnx') || onnx.includes('/') || onnx.includes('\\')) fail('onnx', `must be a file name ending in .onnx beside the manifest ${got(onnx)}`);

  const modalities = arr(m.modalities, 'modalities').map((v, i) => modality(v, `modalities[${i}]`));
  if (modalities.length === 0) fail('modalities', 'must list at least one modality');

  const inputsObj = obj(m.inputs, 'inputs');
  noExtra(inputsObj, ['image', 'domain'], 'inputs.');
  const inputs: ModelManifest['inputs'] = { image: str(inputsObj.image, 'inputs.image') };
  if (inputsObj.domain !== undefined) inputs.domain = str(inputsObj.domain, 'inputs.domain');

  let domains: ModelManifest['domains'];
  if (m.domains !== undefined) {
    const d = obj(m.domains, 'domains');
    domains = {};
    for (const [k, v] of Object.entries(d)) domains[modality(k, `domains.${k}`)] = num(v, `domains.${k}`, Number.isInteger, 'an integer');
  }
  if (inputs.domain !== undefined) {
    for (const mod of modalities) if (domains?.[mod] === undefined) fail(`domains.${mod}`, 'is required because inputs.domain is set');
  } else if (domains !== undefined) {
    fail('domains', 'is only allowed together with inputs.domain');
  }

  const outObj = obj(m.output, 'output');
  noExtra(outObj, ['name', 'kind', 'classes'], 'output.');
  const kind = outObj.kind;
  if (kind !== 'logits' && kind !== 'probabilities') fail('output.kind', `must be "logits" or "probabilities" ${got(kind)}`);
  const classes = num(outObj.classes, 'output.classes', (n) => Number.isInteger(n) && n >= 2 && n <= 255, 'an integer from 2 to 255');
  const output: ModelManifest['output'] = { name: str(outObj.name, 'output.name'), kind: kind as 'logits' | 'probabilities', classes };

  const labels = arr(m.labels, 'labels').map((v, i): LabelInfo => {
    const f = `labels[${i}]`;
    const l = obj(v, f);
    noExtra(l, ['value', 'name', 'color'], `${f}.`);
    const value = num(l.value, `${f}.value`, (n) => Number.isInteger(n) && n >= 1 && n < classes, `an integer from 1 to output.classes − 1 (${classes - 1})`);
    const color = vec3(l.color, `${f}.color`, (n) => Number.isInteger(n) && n >= 0 && n <= 255, 'an integer 0–255');
    return { value, name: str(l.name, `${f}.name`), color };
  });
  if (labels.length === 0) fail('labels', 'must list at least one label');
  const seen = new Set<number>();
  labels.forEach((l, i) => {
    if (seen.has(l.value)) fail(`labels[${i}].value`, `repeats value ${l.value}`);
    seen.add(l.value);
  });

  const spacingMm = vec3(m.spacingMm, 'spacingMm', (n) => n > 0 && n <= 20, 'a spacing in mm (0 < s ≤ 20)');
  const patchSize = vec3(m.patchSize, 'patchSize', (n) => Number.isInteger(n) && n >= 1 && n <= 1024, 'a whole number of voxels (1–1024)');
  const overlap = num(m.overlap, 'overlap', (n) => n >= 0 && n < 1, 'a fraction 0 ≤ overlap < 1');

  const normObj = obj(m.normalisation, 'normalisation');
  const normalisation: ModelManifest['normalisation'] = {};
  for (const [k, v] of Object.entries(normObj)) normalisation[modality(k, `normalisation.${k}`)] = parseNormalisation(v, `normalisation.${k}`);
  for (const mod of modalities) if (!normalisation[mod]) fail(`normalisation.${mod}`, `is required because modalities lists ${mod}`);

  const ppObj = obj(m.postprocess, 'postprocess');
  noExtra(ppObj, ['largestComponent', 'fillHoles', 'minComponentMl'], 'postprocess.');
  const postprocess: PostprocessSpec = {
    largestComponent: bool(ppObj.largestComponent, 'postprocess.largestComponent'),
    fillHoles: bool(ppObj.fillHoles, 'postprocess.fillHoles'),
    minComponentMl: num(ppObj.minComponentMl, 'postprocess.minComponentMl', (n) => n >= 0, 'a volume in mL ≥ 0'),
  };

  const trainingData = arr(m.trainingData, 'trainingData').map((v, i) => str(v, `trainingData[${i}]`));
  const validation = arr(m.validation, 'validation').map((v, i): ValidationEntry => {
    const f = `validation[${i}]`;
    const e = obj(v, f);
    noExtra(e, ['case', 'modality', 'dice', 'volumeErrorPct'], `${f}.`);
    const entry: ValidationEntry = { case: str(e.case, `${f}.case`), modality: modality(e.modality, `${f}.modality`) };
    if (e.dice !== undefined) entry.dice = num(e.dice, `${f}.dice`, (n) => n >= 0 && n <= 1, 'a Dice coefficient 0–1');
    if (e.volumeErrorPct !== undefined) entry.volumeErrorPct = num(e.volumeErrorPct, `${f}.volumeErrorPct`);
    return entry;
  });

  const manifest: ModelManifest = {
    schemaVersion: 1,
    id,
    name: str(m.name, 'name'),
    task: str(m.task, 'task'),
    onnx,
    modalities,
    inputs,
    output,
    labels,
    spacingMm,
    patchSize,
    overlap,
    normalisation,
    postprocess,
    licence: str(m.licence, 'licence'),
    trainingData,
    validation,
  };
  if (domains !== undefined) manifest.domains = domains;
  if (m.seedCrop !== undefined) manifest.seedCrop = bool(m.seedCrop, 'seedCrop');
  if (m.notes !== undefined) {
    if (typeof m.notes !== 'string') fail('notes', `must be a string ${got(m.notes)}`);
    manifest.notes = m.notes as string;
  }
  return manifest;

  function parseNormalisation(v: unknown, field: string): Normalisation {
    const n = obj(v, field);
    switch (n.kind) {
      case 'window-zscore': {
        noExtra(n, ['kind', 'window', 'mean', 'std'], `${field}.`);
        const w = arr(n.window, `${field}.window`, 2);
        const lo = num(w[0], `${field}.window[0]`);
        const hi = num(w[1], `${field}.window[1]`, (x) => x > lo, `greater than window[0] (${lo})`);
        return { kind: 'window-zscore', window: [lo, hi], mean: num(n.mean, `${field}.mean`), std: num(n.std, `${field}.std`, (x) => x > 0, 'a positive number') };
      }
      case 'percentile-zscore': {
        noExtra(n, ['kind', 'percentiles'], `${field}.`);
        const p = arr(n.percentiles, `${field}.percentiles`, 2);
        const lo = num(p[0], `${field}.percentiles[0]`, (x) => x >= 0 && x < 100, 'a percentile 0 ≤ p < 100');
        const hi = num(p[1], `${field}.percentiles[1]`, (x) => x > lo && x <= 100, `a percentile above percentiles[0] (${lo}) and ≤ 100`);
        return { kind: 'percentile-zscore', percentiles: [lo, hi] };
      }
      case 'minmax':
        noExtra(n, ['kind'], `${field}.`);
        return { kind: 'minmax' };
      default:
        return fail(`${field}.kind`, `must be "window-zscore", "percentile-zscore" or "minmax" ${got(n.kind)}`);
    }
  }
}
