// Stated-bounds acceptance for scenario 'decision-contract' (the body is harness/testing/stated-bounds.ts).
import { declareStatedBoundsTests } from '../testing/stated-bounds.js';

declareStatedBoundsTests('decision-contract');
