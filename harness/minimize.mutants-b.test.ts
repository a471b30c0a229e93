// Acceptance, part 2 of 3 of the mutant library: see harness/testing/mutant-cases.ts.
import { declareMutantMinimizeTests } from './testing/mutant-cases.js';

declareMutantMinimizeTests(1, 3);
