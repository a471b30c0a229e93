// Stated-bounds acceptance for scenario 'filesystem' (the body is harness/testing/stated-bounds.ts).
import { declareStatedBoundsTests } from '../testing/stated-bounds.js';

declareStatedBoundsTests('filesystem');
