// Identifiers in the formats ECS uses, drawn from a seeded PRNG.
import { Prng } from './random.js';

const DIGITS = '0123456789';
const HEX = '0123456789abcdef';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export class Ids {
  private readonly prng: Prng;

  constructor(seed: number) {
    this.prng = new Prng(seed);
  }

  private digits(length: number): string {
    return this.prng.chars('123456789', 1) + this.prng.chars(DIGITS, length - 1);
  }

  /** `ecs-svc/` and 19 digits. */
  deployment(): string {
    return `ecs-svc/${this.digits(19)}`;
  }

  /** 32 lowercase hex characters. */
  task(): string {
    return this.prng.chars(HEX, 32);
  }

  /** The last part of a service deployment ARN. */
  serviceDeployment(): string {
    return this.prng.chars(ALNUM, 21);
  }

  /** The last part of a service revision ARN. */
  serviceRevision(): string {
    return this.digits(19);
  }

  /** A PAUSE hook's id: `ecs-pause-` and 41 letters, digits or `_`. */
  pauseHook(): string {
    return `ecs-pause-${this.prng.chars(`${ALNUM}_`, 41)}`;
  }

  uuid(): string {
    const h = (n: number): string => this.prng.chars(HEX, n);
    return `${h(8)}-${h(4)}-4${h(3)}-${'89ab'[this.prng.int(4)]}${h(3)}-${h(12)}`;
  }
}
