package faultline.nemesis;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * What a link fault does to one Toxiproxy proxy. Toxics apply per direction (upstream: towards
 * the node, downstream: back to whoever connected), so each fault names the directions it
 * degrades; a link down disables the proxy, which closes its connections and refuses new ones.
 *
 * <p>Toxic names start with {@link #TOXIC_PREFIX} so that a heal finds every toxic a nemesis
 * added, and only those (a run's own replication latency, say, stays).
 */
public enum LinkFault {
  /** 100 ms ± 50 ms each way: ops slow down, replication lags; nothing is lost. */
  LATENCY("latency") {
    @Override
    void apply(Proxy proxy) throws IOException {
      for (ToxicDirection d : ToxicDirection.values()) {
        proxy.toxics().latency(toxicName(d), d, LATENCY_MILLIS).setJitter(JITTER_MILLIS);
      }
    }

    @Override
    Map<String, Object> parameters() {
      return NemesisOps.value("latency-ms", (long) LATENCY_MILLIS, "jitter-ms", (long) JITTER_MILLIS, "directions", "both");
    }
  },
  /** A black hole: bytes in either direction are dropped and connections stay open, so ops time out. */
  TIMEOUT("timeout") {
    @Override
    void apply(Proxy proxy) throws IOException {
      for (ToxicDirection d : ToxicDirection.values()) proxy.toxics().timeout(toxicName(d), d, 0);
    }

    @Override
    Map<String, Object> parameters() {
      return NemesisOps.value("directions", "both", "dropped", true);
    }
  },
  /**
   * A one-way black hole: requests arrive and are executed, replies are dropped. The client times
   * out on work that was done: the purest {@code info}.
   */
  DROP_REPLIES("drop-replies") {
    @Override
    void apply(Proxy proxy) throws IOException {
      proxy.toxics().timeout(toxicName(ToxicDirection.DOWNSTREAM), ToxicDirection.DOWNSTREAM, 0);
    }

    @Override
    Map<String, Object> parameters() {
      return NemesisOps.value("direction", "downstream", "dropped", true);
    }
  },
  /** Every connection, old and new, is reset (TCP RST) at once: "connection reset by peer". */
  RESET_PEER("reset-peer") {
    @Override
    void apply(Proxy proxy) throws IOException {
      proxy.toxics().resetPeer(toxicName(ToxicDirection.UPSTREAM), ToxicDirection.UPSTREAM, 0);
    }

    @Override
    Map<String, Object> parameters() {
      return NemesisOps.value("direction", "upstream", "timeout-ms", 0L);
    }
  },
  /** Replies limited to 4 KB/s: small ops pass, bulk transfers (a resync, a big value) crawl. */
  BANDWIDTH("bandwidth") {
    @Override
    void apply(Proxy proxy) throws IOException {
      proxy.toxics().bandwidth(toxicName(ToxicDirection.DOWNSTREAM), ToxicDirection.DOWNSTREAM, BANDWIDTH_KB_PER_S);
    }

    @Override
    Map<String, Object> parameters() {
      return NemesisOps.value("direction", "downstream", "rate-kb-s", (long) BANDWIDTH_KB_PER_S);
    }
  },
  /** Replies cut into packets of about 8 bytes, 1 ms apart: parsers must reassemble them. */
  SLICER("slicer") {
    @Override
    void apply(Proxy proxy) throws IOException {
      proxy.toxics().slicer(toxicName(ToxicDirection.DOWNSTREAM), ToxicDirection.DOWNSTREAM, SLICE_BYTES, SLICE_DELAY_MICROS)
          .setSizeVariation(SLICE_VARIATION_BYTES);
    }

    @Override
    Map<String, Object> parameters() {
      return NemesisOps.value("direction", "downstream", "average-bytes", (long) SLICE_BYTES,
          "variation-bytes", (long) SLICE_VARIATION_BYTES, "delay-us", (long) SLICE_DELAY_MICROS);
    }
  },
  /** Each connection is closed once 2 KB have come back on it: ops fail mid-stream. */
  LIMIT_DATA("limit-data") {
    @Override
    void apply(Proxy proxy) throws IOException {
      proxy.toxics().limitData(toxicName(ToxicDirection.DOWNSTREAM), ToxicDirection.DOWNSTREAM, LIMIT_BYTES);
    }

    @Override
    Map<String, Object> parameters() {
      return NemesisOps.value("direction", "downstream", "bytes", (long) LIMIT_BYTES);
    }
  },
  /** The proxy disabled: its connections closed, new ones refused. */
  DOWN("link-down") {
    @Override
    void apply(Proxy proxy) throws IOException {
      proxy.disable();
    }

    @Override
    Map<String, Object> parameters() {
      return NemesisOps.value("disabled", true);
    }
  };

  /** Every toxic a nemesis adds is named so. */
  public static final String TOXIC_PREFIX = "nemesis-";
  static final int LATENCY_MILLIS = 100;
  static final int JITTER_MILLIS = 50;
  static final int BANDWIDTH_KB_PER_S = 4;
  static final int SLICE_BYTES = 8;
  static final int SLICE_VARIATION_BYTES = 4;
  static final int SLICE_DELAY_MICROS = 1000;
  static final int LIMIT_BYTES = 2048;

  private final String id;

  LinkFault(String id) {
    this.id = id;
  }

  /** The name users type: latency, timeout, reset-peer, bandwidth, slicer, limit-data, link-down. */
  public String id() {
    return id;
  }

  /** Degrades or cuts {@code proxy}. */
  abstract void apply(Proxy proxy) throws IOException;

  /** What the fault does, for the op's value. */
  abstract Map<String, Object> parameters();

  String toxicName(ToxicDirection direction) {
    return TOXIC_PREFIX + id + "-" + direction.name().toLowerCase(Locale.ROOT);
  }
}
