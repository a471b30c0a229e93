// Stated-bounds acceptance for scenario 'governed-packet' (the body is harness/testing/stated-bounds.ts).
import { declareStatedBoundsTests } from '../testing/stated-bounds.js';

declareStatedBoundsTests('governed-packet');
