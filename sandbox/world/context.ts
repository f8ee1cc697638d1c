/** Mutable generation state shared by the generator steps (not part of the world). */
import { Rng } from './prng.ts';

export class GenContext {
  readonly rng: Rng;
  readonly usedIds = new Set<string>();
  readonly usedPublicIps = new Set<string>();
  readonly usedS1Ids = new Set<string>();
  /** Next free host index per subnetwork id. */
  readonly subnetCursor = new Map<string, number>();

  constructor(
    readonly seed: number,
    label: string,
  ) {
    this.rng = Rng.derive(seed, label);
  }
}
