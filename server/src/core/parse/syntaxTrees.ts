/**
 * Which documents keep their syntax tree between operations.
 *
 * A `yaml` syntax tree costs ~22 bytes of heap per source character (a 700-character manifest: ~90 nodes,
 * ~15 KB), against ~1 for the text and ~1.5 for the plain value; at 5,000 documents the trees were two thirds
 * of the server's heap, and the garbage collector's limits grow with what is live. Once a document is checked
 * its findings, head and derived facts are cached, and only a later check that finds something, or editing
 * help at the cursor, reads the tree again (Score workloads, one to a file, read theirs in every check). So
 * trees are kept for the documents used most recently, up to a budget of source characters; the others are
 * dropped by `trimSyntaxTrees` and parsed again from the document's text when asked for. Trims run between
 * operations (the LSP server after each check it runs, the CLI after each file), and within one only when
 * a large file has been parsed (HIGH_WATER): a tree dropped then is parsed again if its check reports
 * something, which costs time and never changes a result.
 */

/** What the retention needs of a document: its size, when it was last used, and a way to drop the tree. */
export interface TreeHolder {
  readonly text: string;
  /** Value of `syntaxTreeClock()` at the tree's last use. */
  readonly lastUse: number;
  /** False once the tree was dropped: then the holder no longer counts. */
  readonly hasTree: boolean;
  releaseTree(): void;
}

/** Source characters whose trees survive a trim: ~11 MB of trees, hundreds of ordinary manifests. */
export const SYNTAX_TREE_BUDGET = 512 * 1024;
/**
 * Within an operation, trees are trimmed when this many source characters were parsed since the last trim, so
 * opening a 5,000-document file never holds all its trees at once. Checks read a tree only to place a finding,
 * so a tree dropped before its document's check is parsed again only when the document has something to say.
 */
const HIGH_WATER = 4 * SYNTAX_TREE_BUDGET;

let clock = 0;
// Weak: a document the workspace dropped (a replaced version, a file read once by the scan) is garbage
// whether or not a trim ever runs.
const holders = new Set<WeakRef<TreeHolder>>();
/** Characters parsed into trees since the last trim (dead holders included: a trim counts again). */
let heldSinceTrim = 0;

/** A new use: the value a holder records as its `lastUse`. */
export function syntaxTreeClock(): number {
  return ++clock;
}

/** A holder that has just (re)built its tree. */
export function holdsSyntaxTree(holder: TreeHolder): void {
  holders.add(new WeakRef(holder));
  heldSinceTrim += holder.text.length;
  if (heldSinceTrim > HIGH_WATER) trimSyntaxTrees();
}

/**
 * Drops the trees of the least recently used documents beyond `budget` source characters. The most recently
 * used one always stays, whatever its size, and so does `keep` (the document the user is at: the LSP server
 * names the one it last edited or answered a request in, which re-checks of other files may have made less
 * recent). Returns how many were dropped.
 */
export function trimSyntaxTrees(budget = SYNTAX_TREE_BUDGET, keep?: object): number {
  heldSinceTrim = 0;
  const live: { ref: WeakRef<TreeHolder>; holder: TreeHolder }[] = [];
  const seen = new Set<TreeHolder>();
  let total = 0;
  for (const ref of holders) {
    const holder = ref.deref();
    // A tree dropped by its document and parsed again registers the document a second time.
    if (!holder?.hasTree || seen.has(holder)) holders.delete(ref);
    else {
      seen.add(holder);
      live.push({ ref, holder });
      total += holder.text.length;
    }
  }
  if (total <= budget) return 0;
  live.sort((a, b) => b.holder.lastUse - a.holder.lastUse);
  let kept = 0;
  let dropped = 0;
  for (let i = 0; i < live.length; i++) {
    const { ref, holder } = live[i]!;
    kept += holder.text.length;
    if (i === 0 || kept <= budget || holder === keep) continue;
    holder.releaseTree();
    holders.delete(ref);
    dropped++;
  }
  return dropped;
}

/** How many documents hold a tree now (tests and the benchmark's diagnostics). */
export function syntaxTreesHeld(): number {
  const held = new Set<TreeHolder>();
  for (const ref of holders) {
    const holder = ref.deref();
    if (holder?.hasTree) held.add(holder);
  }
  return held.size;
}
