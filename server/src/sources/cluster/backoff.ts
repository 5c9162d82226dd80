/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): watches
 * that dropped together (an API-server restart drops all of them) do not retry in step.
 */
export class Backoff {
  private attempt = 0;

  constructor(private readonly baseMs: number, private readonly maxMs: number, private readonly random: () => number = Math.random) {}

  /** The delay before the next try: a random point in [base/2, min(max, base·2^attempt)]. */
  next(): number {
    const ceiling = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt);
    this.attempt = Math.min(this.attempt + 1, 30);
    return Math.round(this.baseMs / 2 + this.random() * Math.max(0, ceiling - this.baseMs / 2));
  }

  reset(): void {
    this.attempt = 0;
  }
}
