/** A tiny runtime validator: every value that crosses a process boundary goes through one of these. */
export class ValidationError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
  ) {
    super(`Invalid request: ${path || 'value'} must be ${expected}.`);
    this.name = 'ValidationError';
  }
}

export type Validator<T> = (value: unknown, path?: string) => T;
export type Infer<V> = V extends Validator<infer T> ? T : never;

export const str =
  (opts: { max?: number; min?: number; pattern?: RegExp } = {}): Validator<string> =>
  (v, path = '') => {
    const max = opts.max ?? 4096;
    if (typeof v !== 'string' || v.length > max || v.length < (opts.min ?? 0) || v.includes('\0'))
      throw new ValidationError(path, `a string of ${opts.min ?? 0}–${max} characters`);
    if (opts.pattern && !opts.pattern.test(v)) throw new ValidationError(path, `a string matching ${opts.pattern}`);
    return v;
  };

export const num =
  (opts: { min?: number; max?: number; integer?: boolean } = {}): Validator<number> =>
  (v, path = '') => {
    const ok =
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (!opts.integer || Number.isInteger(v)) &&
      (opts.min === undefined || v >= opts.min) &&
      (opts.max === undefined || v <= opts.max);
    if (!ok) {
      const range = `${opts.min ?? '-∞'}…${opts.max ?? '∞'}`;
      throw new ValidationError(path, `a finite ${opts.integer ? 'integer' : 'number'} in ${range}`);
    }
    return v as number;
  };

export const bool: Validator<boolean> = (v, path = '') => {
  if (typeof v !== 'boolean') throw new ValidationError(path, 'true or false');
  return v;
};

export const oneOf =
  <const T extends readonly string[]>(...values: T): Validator<T[number]> =>
  (v, path = '') => {
    if (typeof v !== 'string' || !values.includes(v)) throw new ValidationError(path, `one of ${values.join(', ')}`);
    return v as T[number];
  };

export const tuple3 =
  (item: Validator<number>): Validator<[number, number, number]> =>
  (v, path = '') => {
    if (!Array.isArray(v) || v.length !== 3) throw new ValidationError(path, 'an array of 3 numbers');
    return [item(v[0], `${path}[0]`), item(v[1], `${path}[1]`), item(v[2], `${path}[2]`)];
  };

export const arrayOf =
  <T>(item: Validator<T>, maxLength = 10_000): Validator<T[]> =>
  (v, path = '') => {
    if (!Array.isArray(v) || v.length > maxLength) throw new ValidationError(path, `an array of at most ${maxLength} items`);
    return v.map((x, i) => item(x, `${path}[${i}]`));
  };

export const optional =
  <T>(inner: Validator<T>): Validator<T | undefined> =>
  (v, path = '') =>
    v === undefined ? undefined : inner(v, path);

type Shape = Record<string, Validator<unknown>>;
type ObjectOf<S extends Shape> = { [K in keyof S as undefined extends ReturnType<S[K]> ? never : K]: ReturnType<S[K]> } & {
  [K in keyof S as undefined extends ReturnType<S[K]> ? K : never]?: ReturnType<S[K]>;
};

/** A plain object with exactly these keys: unknown keys are rejected, not ignored. */
export const obj =
  <S extends Shape>(shape: S): Validator<ObjectOf<S>> =>
  (v, path = '') => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ValidationError(path, 'an object');
    for (const key of Object.keys(v)) {
      if (!(key in shape)) throw new ValidationError(path ? `${path}.${key}` : key, 'absent (unknown field)');
    }
    const out: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const value = check((v as Record<string, unknown>)[key], path ? `${path}.${key}` : key);
      if (value !== undefined) out[key] = value;
    }
    return out as ObjectOf<S>;
  };
