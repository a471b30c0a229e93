// Acceptance, part 3 of 3 of the mutant library: see harness/testing/mutant-cases.ts.
import { declareMutantMinimizeTests } from './testing/mutant-cases.js';

declareMutantMinimizeTests(2, 3);
