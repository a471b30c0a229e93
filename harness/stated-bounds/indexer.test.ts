// Stated-bounds acceptance for scenario 'indexer' (the body is harness/testing/stated-bounds.ts).
import { declareStatedBoundsTests } from '../testing/stated-bounds.js';

declareStatedBoundsTests('indexer');
