package org.blendstream.app;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts the open transactions of an instance that is gone from its group, so that the instances
 * that took over its partitions need not wait out {@code transaction.timeout.ms} (300 s here, since
 * a model may take seconds per set).
 *
 * <p>Under exactly-once v2 a stream thread's transactional id is {@code <application.id>-<process
 * id>-<thread>}. An instance killed mid-transaction leaves it open: only the same process id,
 * restarted, would fence it. Until then the partitions it wrote hold their last stable offset,
 * read_committed readers stall, and the group's offsets stay "unstable", so the survivor that now
 * owns the tasks cannot even fetch where to start. Kafka Streams names each member's consumer
 * {@code <application.id>-<process id>-StreamThread-<n>-consumer}; a transaction whose process id
 * no member of a stable group carries belongs to an instance that left, and {@link
 * Admin#fenceProducers} aborts it (it bumps the epoch, as that instance's restart would).
 *
 * <p>Safe without an operator: only this pipeline's application ids are looked at, a group that is
 * rebalancing or whose members' client ids carry no process id (a {@code client.id} was set) is
 * left alone, and a transaction is fenced only when two scans in a row found it orphaned under the
 * same producer id.
 */
public final class OrphanedTransactions {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanedTransactions.class);
  private static final long TIMEOUT_MS = 10_000;
  private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

  private final Admin admin;
  private final List<String> applicationIds;

  /** Orphaned in the previous scan: transactional id and producer id. */
  private Set<Orphan> suspects = Set.of();

  /**
   * @param applicationIds the Streams apps' application ids, which are also their consumer groups
   */
  public OrphanedTransactions(Admin admin, List<String> applicationIds) {
    this.admin = admin;
    this.applicationIds = List.copyOf(applicationIds);
  }

  private record Orphan(String transactionalId, long producerId) {}

  /**
   * One scan; returns how many transactions it fenced. A scan that cannot reach the cluster does
   * nothing.
   */
  public int scanAndFence() {
    try {
      Set<Orphan> orphans = findOrphans();
      Set<Orphan> confirmed = new HashSet<>(orphans);
      confirmed.retainAll(suspects);
      if (!confirmed.isEmpty()) {
        List<String> ids = confirmed.stream().map(Orphan::transactionalId).sorted().toList();
        admin.fenceProducers(ids).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        LOG.warn(
            "aborted the open transactions of {}: their instance is no longer in its group, and"
                + " those who took over its partitions would have waited out the transaction"
                + " timeout behind them",
            ids);
      }
      orphans.removeAll(confirmed);
      suspects = orphans;
      return confirmed.size();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("the orphaned-transaction scan could not finish; trying again at the next", e);
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }

  private Set<Orphan> findOrphans()
      throws ExecutionException, InterruptedException, TimeoutException {
    Set<Orphan> orphans = new HashSet<>();
    java.util.Collection<TransactionListing> ongoing =
        admin
            .listTransactions(
                new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING)))
            .all()
            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    if (ongoing.isEmpty()) {
      return orphans;
    }
    Map<String, KafkaFuture<ConsumerGroupDescription>> groups =
        admin.describeConsumerGroups(applicationIds).describedGroups();
    for (String app : applicationIds) {
      ConsumerGroupDescription group;
      try {
        group = groups.get(app).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof GroupIdNotFoundException) {
          continue; // no instance ever ran this app (a role split that lacks it, or not yet)
        }
        throw e;
      }
      Optional<Set<String>> live = liveProcessIds(app, group);
      if (live.isEmpty()) {
        continue;
      }
      for (TransactionListing t : ongoing) {
        processId(app, t.transactionalId())
            .filter(p -> !live.get().contains(p))
            .ifPresent(p -> orphans.add(new Orphan(t.transactionalId(), t.producerId())));
      }
    }
    return orphans;
  }

  /**
   * The process ids of a stable group's members; empty when the group is in flux or a member's id
   * is not Streams'.
   */
  static Optional<Set<String>> liveProcessIds(
      String applicationId, ConsumerGroupDescription group) {
    if (group.groupState() != GroupState.STABLE && group.groupState() != GroupState.EMPTY) {
      return Optional.empty();
    }
    Pattern member =
        Pattern.compile(
            Pattern.quote(applicationId) + "-(" + UUID + ")-StreamThread-\\d+-consumer");
    Set<String> ids = new HashSet<>();
    for (MemberDescription m : group.members()) {
      Matcher matcher = member.matcher(m.clientId());
      if (!matcher.matches()) {
        return Optional.empty();
      }
      ids.add(matcher.group(1));
    }
    return Optional.of(ids);
  }

  /** The process id in a Streams transactional id of this app, if it is one. */
  public static Optional<String> processId(String applicationId, String transactionalId) {
    Matcher m =
        Pattern.compile(Pattern.quote(applicationId) + "-(" + UUID + ")-\\d+")
            .matcher(transactionalId);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
