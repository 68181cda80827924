// Property tests draw new seeds on every run, so each CI run explores libraries no run saw before.
// A failure prints fast-check's seed and shrunk counterexample: FC_SEED=<seed> replays it (as the
// first seed of the property that failed); then keep the counterexample as a plain test.

/** This run's seed: FC_SEED to replay a failure, else a new one. */
export const baseSeed = process.env.FC_SEED !== undefined ? Number(process.env.FC_SEED) : Math.floor(Math.random() * 2 ** 31);

/** `n` independent seeds, the first being the base seed. */
export function propertySeeds(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i === 0 ? baseSeed : (baseSeed ^ Math.imul(i, 0x9e3779b1)) >>> 1));
}
