/** Side effect of the command line's first import: see unused-cdktf-dependencies.ts. */
import { deferUnusedCdktfDependencies } from './unused-cdktf-dependencies';

deferUnusedCdktfDependencies();
