/**
 * Says once when the server's heap gets near its limit (`platformAware.server.maxMemory`, the node option the
 * client starts it with): past the limit V8 ends the process, and the editor restarts it into the same state.
 * A platform whose definitions really need more is told which setting to raise before that happens.
 */
import { getHeapStatistics } from 'node:v8';

/** Of the limit: V8 collects well before it, so a heap this full after a check is mostly live. */
const NEAR = 0.85;

export class HeapWatch {
  private warned = false;

  constructor(
    private readonly warn: (message: string) => void,
    private readonly statistics: () => { used_heap_size: number; heap_size_limit: number } = getHeapStatistics,
  ) {}

  /** Cheap (a V8 counter read): called after each check the server runs. */
  check(): void {
    if (this.warned) return;
    const { used_heap_size: used, heap_size_limit: limit } = this.statistics();
    if (used < NEAR * limit) return;
    this.warned = true;
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    this.warn(`Platform Aware's language server uses ${mb(used)} MB of its ${mb(limit)} MB heap; past the limit it stops. If the platform's definitions are this large, raise platformAware.server.maxMemory.`);
  }
}
