import { packsSuite } from './testing/packs-suite.ts';

packsSuite('small');
