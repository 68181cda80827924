// Every fast-check property in the unit tests starts from this run's seed (see seeds.ts): a new
// one each run unless FC_SEED replays a failure.
import fc from 'fast-check';
import { baseSeed } from './seeds.ts';

fc.configureGlobal({ seed: baseSeed });
