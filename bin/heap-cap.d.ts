export declare const DEFAULT_HEAP_CAP_MIB: number;
export declare function heapCapMiB(env?: NodeJS.ProcessEnv): number;
export declare function hasHeapCap(execArgv?: readonly string[], env?: NodeJS.ProcessEnv): boolean;
export declare function relaunchUnderHeapCap(
  script: string,
  args?: readonly string[],
): Promise<number | undefined>;
