package faultline.workloads.cache;

import faultline.workloads.ClientFactory;
import faultline.workloads.ClientOptions;
import faultline.workloads.ClientVariant;
import faultline.workloads.Targets;

/**
 * The cache-aside {@code --client} variants: PostgreSQL holds the truth, Redis caches it, and
 * each variant is one way applications keep the two together ({@link CacheAsideClient}). Their
 * database is PostgreSQL's, the truth's; they need the {@code cache-aside} topology, which adds
 * the Redis node.
 */
public enum CacheAsideVariant implements ClientVariant {
  /** Read the cache, else the database and fill; write the database, then delete the entry. */
  COMMON("cache-aside-common", "read: GET, else SELECT and SET the entry; write: UPDATE, then DEL the entry (the common way)"),
  /** Delete first: the entry goes before the database is written. */
  DELETE_FIRST("cache-aside-delete-first", "as cache-aside, but write: DEL the entry, then UPDATE"),
  /** A version per row; a script keeps the cache's version from ever going back. */
  VERSIONED("cache-aside-versioned", "a version per row, bumped by each UPDATE; the fill and the write's invalidation are "
      + "scripts that refuse a version older than the cache's, so a stale fill cannot land after a write");

  private final String id;
  private final String description;

  CacheAsideVariant(String id, String description) {
    this.id = id;
    this.description = description;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String database() {
    return POSTGRES;
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public boolean needsCache() {
    return true;
  }

  @Override
  public ClientFactory open(Targets targets, ClientOptions options, int concurrency) {
    return new CacheAsideClients(this, targets, options);
  }
}
