import { packsSuite } from './testing/packs-suite.ts';

// Medium world (10,000 GCP VMs, 1,200 VNG servers, 400 devices): a few minutes.
packsSuite('medium');
