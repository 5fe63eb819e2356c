package dev.autodiff.core.graph;

/**
 * The hash-consing table: finds the node that already applies an op to the same inputs. Open addressing with
 * linear probing over the nodes themselves, so it costs two array slots per node instead of a map entry, a key
 * object and an id array (about 80 bytes per node less on graphs of millions of nodes, and fewer cache misses).
 * Not thread-safe: the graph calls it under its lock.
 */
final class Interner {
  private Node[] nodes = new Node[64];
  private int[] hashes = new int[64];
  private int size;
  private boolean failNextGrowth;

  /**
   * Makes the next growth fail with an {@link OutOfMemoryError} after its first allocation, as a heap that runs out
   * half-way does (for tests: a real exhaustion is slow and hits every thread).
   */
  void failNextGrowth() {
    failNextGrowth = true;
  }

  /** The hash of {@code op} applied to {@code args} (input order ignored for commutative two-input ops). */
  static int hash(Op op, Node[] args) {
    long h = op.hashCode();
    if (args.length == 2 && op.commutative()) {
      int a = args[0].id();
      int b = args[1].id();
      h = mix(mix(h, Math.min(a, b)), Math.max(a, b));
    } else {
      for (Node arg : args) {
        h = mix(h, arg.id());
      }
    }
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    return (int) h;
  }

  private static long mix(long h, int id) {
    h = (h ^ id) * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 29);
  }

  /** The node computing {@code op(args)}, or null. */
  Node find(Op op, Node[] args, int hash) {
    int mask = nodes.length - 1;
    for (int i = hash & mask; nodes[i] != null; i = (i + 1) & mask) {
      if (hashes[i] == hash && same(nodes[i], op, args)) {
        return nodes[i];
      }
    }
    return null;
  }

  /**
   * Makes room for one more node, growing the table if needed. The new table is built completely before it replaces
   * the old one, so an {@link OutOfMemoryError} here (the graph calls this before it changes anything) leaves the
   * table as it was.
   */
  void reserve() {
    if ((size + 1) * 2 > nodes.length) {
      grow();
    }
  }

  /** Records {@code node}, which computes an op of inputs with hash {@code hash} and is not in the table yet. */
  void add(Node node, int hash) {
    reserve();
    insert(nodes, hashes, node, hash);
    size++;
  }

  private static void insert(Node[] nodes, int[] hashes, Node node, int hash) {
    int mask = nodes.length - 1;
    int i = hash & mask;
    while (nodes[i] != null) {
      i = (i + 1) & mask;
    }
    nodes[i] = node;
    hashes[i] = hash;
  }

  private void grow() {
    Node[] grownNodes = new Node[nodes.length * 2];
    if (failNextGrowth) {
      failNextGrowth = false;
      throw new OutOfMemoryError("Java heap space (simulated by Interner.failNextGrowth)");
    }
    int[] grownHashes = new int[nodes.length * 2];
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] != null) {
        insert(grownNodes, grownHashes, nodes[i], hashes[i]);
      }
    }
    // NOTE: published only when complete: a failed allocation above must not leave arrays of different lengths
    nodes = grownNodes;
    hashes = grownHashes;
  }

  private static boolean same(Node n, Op op, Node[] args) {
    Node[] in = n.inputArray();
    if (in.length != args.length || !n.op().equals(op)) {
      return false;
    }
    boolean inOrder = true;
    for (int k = 0; k < in.length && inOrder; k++) {
      inOrder = in[k] == args[k];
    }
    return inOrder || in.length == 2 && op.commutative() && in[0] == args[1] && in[1] == args[0];
  }
}
