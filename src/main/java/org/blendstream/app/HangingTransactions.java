package org.blendstream.app;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.internals.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and aborts the pipeline's own hanging transactions: a transaction that a partition still
 * holds open while its coordinator no longer has it in progress there. Its marker will never come,
 * so the partition's last stable offset stops for good, and when the partition is one of {@code
 * __consumer_offsets} the group's committed offsets stay "unstable" and a restarted app cannot even
 * start reading. Seen after a kill -9 of the whole embedded process (broker included) in the middle
 * of an offset commit: the blending app stalled forever behind one.
 *
 * <p>The check is {@code kafka-transactions.sh find-hanging}'s, narrowed to be safe without an
 * operator: only transactional ids of this application id are touched, a transaction in
 * PrepareCommit or PrepareAbort (markers on their way) never counts, and one is aborted only when
 * two scans in a row saw it hanging at the same start offset, which a live transaction, registered
 * with its coordinator before its first write, never is.
 */
public final class HangingTransactions {

  private static final Logger LOG = LoggerFactory.getLogger(HangingTransactions.class);
  private static final long TIMEOUT_MS = 10_000;

  private final Admin admin;
  private final String transactionalIdPrefix;
  private final Predicate<String> ownTopic;

  /** Hanging in the previous scan: partition, producer id, epoch and start offset. */
  private Set<Open> suspects = Set.of();

  /**
   * @param applicationId the Streams apps' application ids, and so their transactional ids, start
   *     with it
   * @param ownTopic the topics the pipeline writes besides {@code __consumer_offsets}
   */
  public HangingTransactions(Admin admin, String applicationId, Predicate<String> ownTopic) {
    this.admin = admin;
    this.transactionalIdPrefix = applicationId + "-";
    this.ownTopic = ownTopic;
  }

  private record Open(
      TopicPartition partition,
      long producerId,
      short producerEpoch,
      int coordinatorEpoch,
      long startOffset) {}

  /**
   * One scan; returns how many transactions it aborted. A scan that cannot reach the cluster does
   * nothing.
   */
  public int scanAndAbort() {
    try {
      Set<Open> hanging = findHanging();
      Set<Open> confirmed = new HashSet<>(hanging);
      confirmed.retainAll(suspects);
      for (Open o : confirmed) {
        abort(o);
      }
      hanging.removeAll(confirmed);
      suspects = hanging;
      return confirmed.size();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("the hanging-transaction scan could not finish; trying again at the next", e);
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private void abort(Open o) throws ExecutionException, InterruptedException, TimeoutException {
    admin
        .abortTransaction(
            new AbortTransactionSpec(
                o.partition, o.producerId, o.producerEpoch, o.coordinatorEpoch))
        .all()
        .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    LOG.warn(
        "aborted a hanging transaction on {} (producer id {}, epoch {}, open since offset {}): its"
            + " coordinator no longer had it in progress, so its marker would never have come, and"
            + " read_committed readers of the partition, or the group's committed offsets, were"
            + " blocked behind it",
        o.partition,
        o.producerId,
        o.producerEpoch,
        o.startOffset);
  }

  private Set<Open> findHanging()
      throws ExecutionException, InterruptedException, TimeoutException {
    List<String> topics =
        admin
            .listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
            .names()
            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .stream()
            .filter(t -> t.equals(Topic.GROUP_METADATA_TOPIC_NAME) || ownTopic.test(t))
            .toList();
    List<TopicPartition> partitions = new java.util.ArrayList<>();
    for (TopicDescription d :
        admin
            .describeTopics(topics)
            .allTopicNames()
            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .values()) {
      d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
    }
    Map<TopicPartition, List<ProducerState>> open = new HashMap<>();
    admin
        .describeProducers(partitions)
        .all()
        .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .forEach(
            (tp, state) -> {
              List<ProducerState> inTxn =
                  state.activeProducers().stream()
                      .filter(p -> p.currentTransactionStartOffset().isPresent())
                      .toList();
              if (!inTxn.isEmpty()) {
                open.put(tp, inTxn);
              }
            });
    Set<Open> hanging = new HashSet<>();
    if (open.isEmpty()) {
      return hanging;
    }
    Set<Long> producerIds = new HashSet<>();
    open.values().forEach(ps -> ps.forEach(p -> producerIds.add(p.producerId())));
    Map<Long, String> ownIds = new HashMap<>();
    for (TransactionListing l :
        admin
            .listTransactions(new ListTransactionsOptions().filterProducerIds(producerIds))
            .all()
            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
      if (l.transactionalId().startsWith(transactionalIdPrefix)) {
        ownIds.put(l.producerId(), l.transactionalId());
      }
    }
    if (ownIds.isEmpty()) {
      return hanging;
    }
    Map<String, TransactionDescription> described =
        admin.describeTransactions(ownIds.values()).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    open.forEach(
        (tp, producers) -> {
          for (ProducerState p : producers) {
            TransactionDescription d = described.get(ownIds.get(p.producerId()));
            if (d != null && isHanging(tp, p, d)) {
              hanging.add(
                  new Open(
                      tp,
                      p.producerId(),
                      (short) p.producerEpoch(),
                      p.coordinatorEpoch().orElse(-1),
                      p.currentTransactionStartOffset().getAsLong()));
            }
          }
        });
    return hanging;
  }

  static boolean isHanging(TopicPartition tp, ProducerState p, TransactionDescription d) {
    TransactionState state = d.state();
    if (state == TransactionState.PREPARE_COMMIT
        || state == TransactionState.PREPARE_ABORT
        || state == TransactionState.PREPARE_EPOCH_FENCE
        || state == TransactionState.UNKNOWN) {
      return false; // its markers are being written
    }
    if (d.producerId() != p.producerId()) {
      return true; // the transactional id has moved on to another producer id
    }
    return state != TransactionState.ONGOING
        || !d.topicPartitions().contains(tp)
        || d.producerEpoch() > p.producerEpoch() + 1;
  }
}
