package io.kafkamesos.local.master;

import io.kafkamesos.commons.mesos.resources.ResourceFormat;
import io.kafkamesos.commons.mesos.resources.Resources;
import io.kafkamesos.local.actor.EventLoop;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of offers: allocation rounds (after every change and every second, as Mesos'
 * allocation interval), rescinding after the offer timeout, DECLINE filters, REVIVE and SUPPRESS.
 */
final class Offers {

  private static final Logger LOG = LoggerFactory.getLogger(Offers.class);
  /** Mesos caps a filter at one year. */
  private static final double MAX_REFUSE_SECONDS = 365 * 24 * 3600.0;

  private final MasterState state;
  private final EventLoop loop;
  private final Duration offerTimeout;
  private int rotation;
  private boolean allocationPending;

  Offers(MasterState state, EventLoop loop, Duration offerTimeout) {
    this.state = Objects.requireNonNull(state);
    this.loop = Objects.requireNonNull(loop);
    this.offerTimeout = Objects.requireNonNull(offerTimeout);
  }

  /** Asks for an allocation round soon; many requests in a row make one round. */
  void requestAllocation() {
    if (!allocationPending) {
      allocationPending = true;
      loop.post(this::allocate);
    }
  }

  void allocate() {
    long started = System.nanoTime();
    allocateNow();
    LOG.debug("Allocation round took {} us", (System.nanoTime() - started) / 1000);
  }

  private void allocateNow() {
    allocationPending = false;
    Instant now = state.clock.instant();
    List<Allocator.Candidate> candidates = new ArrayList<>();
    for (Framework fw : state.frameworks.values()) {
      if (!fw.connected()) {
        continue;
      }
      List<String> roles = fw.roles().stream().filter(r -> !fw.suppressedRoles.contains(r))
          .toList();
      if (!roles.isEmpty()) {
        candidates.add(new Allocator.Candidate(fw.id.getValue(), roles, fw.filters));
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    List<Allocator.AgentSlot> slots = new ArrayList<>();
    for (AgentRecord agent : state.agents.values()) {
      Resources available = state.available(agent);
      if (!available.isEmpty()) {
        slots.add(new Allocator.AgentSlot(agent.id, available));
      }
    }
    List<Allocator.Allocation> allocations =
        Allocator.allocate(slots, candidates, now, rotation++);
    Map<String, List<Offer>> byFramework = new LinkedHashMap<>();
    for (Allocator.Allocation a : allocations) {
      Framework fw = state.frameworks.get(a.frameworkId());
      AgentRecord agent = state.agents.get(a.agentId());
      OfferRecord offer = create(fw, agent, a.role(), a.resources().allocatedTo(a.role()));
      byFramework.computeIfAbsent(fw.id.getValue(), k -> new ArrayList<>()).add(offer.offer);
    }
    byFramework.forEach((fwId, offers) -> {
      LOG.debug("Sending {} offers to framework {}", offers.size(), fwId);
      state.frameworks.get(fwId).send(Events.offers(offers));
    });
  }

  private OfferRecord create(Framework fw, AgentRecord agent, String role, Resources resources) {
    Protos.AgentInfo info = agent.link.info();
    Offer.Builder offer = Offer.newBuilder()
        .setId(OfferID.newBuilder().setValue(state.nextOfferId()))
        .setFrameworkId(fw.id)
        .setAgentId(info.getId())
        .setHostname(info.getHostname())
        .setUrl(Protos.URL.newBuilder().setScheme("http")
            .setAddress(Protos.Address.newBuilder().setHostname(info.getHostname())
                .setIp(info.getHostname()).setPort(info.getPort()))
            .setPath("/slave(1)"))
        .addAllAttributes(info.getAttributesList())
        .setAllocationInfo(Protos.Resource.AllocationInfo.newBuilder().setRole(role));
    // as Mesos (MESOS-8237): frameworks that are not MULTI_ROLE see no allocation info
    boolean multiRole = io.kafkamesos.local.proto.Roles.multiRole(fw.info);
    if (!multiRole) {
      offer.clearAllocationInfo();
    }
    for (Protos.Resource r : resources) {
      Protos.Resource shown = multiRole ? r : r.toBuilder().clearAllocationInfo().build();
      offer.addResources(fw.reservationRefinement() ? shown : ResourceFormat.downgrade(shown));
    }
    for (Protos.ExecutorInfo e : agent.executors.getOrDefault(fw.id.getValue(), Map.of())
        .values()) {
      offer.addExecutorIds(e.getExecutorId());
    }
    OfferRecord record = new OfferRecord(offer.build(), role, resources);
    state.offers.put(record.id(), record);
    agent.offers.add(record.id());
    if (!offerTimeout.isZero()) {
      record.timeout = loop.schedule(offerTimeout, () -> {
        if (state.offers.containsKey(record.id())) {
          LOG.info("Rescinding offer {} of framework {} after the offer timeout of {}",
              record.id(), record.frameworkId(), offerTimeout);
          rescind(record);
          requestAllocation();
        }
      });
    }
    return record;
  }

  /** Removes the offer, telling the framework (RESCIND). */
  void rescind(OfferRecord offer) {
    remove(offer);
    Framework fw = state.frameworks.get(offer.frameworkId());
    if (fw != null) {
      fw.send(Events.rescind(offer.offer.getId()));
    }
  }

  /** Removes the offer without telling the framework; its resources become available. */
  void remove(OfferRecord offer) {
    state.offers.remove(offer.id());
    AgentRecord agent = state.agents.get(offer.agentId());
    if (agent != null) {
      agent.offers.remove(offer.id());
    }
    if (offer.timeout != null) {
      offer.timeout.cancel(false);
    }
  }

  void removeAll(Framework fw, boolean rescind) {
    for (OfferRecord offer : state.offersOf(fw).values()) {
      if (rescind) {
        rescind(offer);
      } else {
        remove(offer);
      }
    }
  }

  /** Rescinds the outstanding offers on the agent that hold any of these resources. */
  void rescindContaining(String agentId, Resources resources) {
    AgentRecord agent = state.agents.get(agentId);
    for (String id : List.copyOf(agent.offers)) {
      OfferRecord offer = state.offers.get(id);
      for (Protos.Resource r : resources) {
        if (offer.resources.unallocated().contains(Resources.of(r).unallocated())) {
          rescind(offer);
          break;
        }
      }
    }
  }

  void decline(Framework fw, Call.Decline decline) {
    Filters filters = decline.hasFilters() ? decline.getFilters() : Filters.getDefaultInstance();
    for (OfferID id : decline.getOfferIdsList()) {
      OfferRecord offer = state.offers.get(id.getValue());
      if (offer == null || !offer.frameworkId().equals(fw.id.getValue())) {
        LOG.warn("Ignoring decline of offer {} since it is no longer valid", id.getValue());
        continue;
      }
      remove(offer);
      addFilter(fw, offer.agentId(), offer.resources.unallocated(), filters);
    }
    requestAllocation();
  }

  /** A filter for resources the framework did not use ({@code refuse_seconds}, default 5). */
  void addFilter(Framework fw, String agentId, Resources refused, Filters filters) {
    double seconds = Math.min(filters.getRefuseSeconds(), MAX_REFUSE_SECONDS);
    if (refused.isEmpty() || !(seconds > 0)) {
      return;
    }
    Instant expiry = state.clock.instant().plusMillis((long) (seconds * 1000));
    OfferFilter existing = fw.filters.get(agentId);
    Resources all = existing != null && existing.expiry().isAfter(state.clock.instant())
        ? existing.refused().plus(refused) : refused;
    fw.filters.put(agentId, new OfferFilter(all, expiry));
    loop.schedule(Duration.ofMillis((long) (seconds * 1000) + 10), this::requestAllocation);
  }

  void revive(Framework fw, Call.Revive revive) {
    Set<String> roles = new HashSet<>(revive.getRolesList().isEmpty() ? fw.roles()
        : revive.getRolesList());
    fw.filters.clear();
    fw.suppressedRoles.removeAll(roles);
    requestAllocation();
  }

  void suppress(Framework fw, Call.Suppress suppress) {
    fw.suppressedRoles.addAll(suppress.getRolesList().isEmpty() ? fw.roles()
        : suppress.getRolesList());
  }
}
