export { publish } from './publish.ts';
export { prepareCentral, DEFAULT_READER_ROLE } from './central.ts';
export { publishFamilies, type TableFamily } from './families.ts';
export { sendableColumns } from './staging.ts';
export type { PublishOptions, PublishProgress, PublishResult, TablePublishResult } from './types.ts';
