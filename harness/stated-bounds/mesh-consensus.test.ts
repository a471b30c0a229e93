// Stated-bounds acceptance for scenario 'mesh-consensus' (the body is harness/testing/stated-bounds.ts).
import { declareStatedBoundsTests } from '../testing/stated-bounds.js';

declareStatedBoundsTests('mesh-consensus');
