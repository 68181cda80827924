// Property tests run with a fixed seed so that CI is repeatable; set FC_SEED to explore others
// (a failure prints its seed and counterexample, to turn into a plain test).
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261124) });
