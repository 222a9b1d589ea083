package io.kafkamesos.local.it;

import io.kafkamesos.commons.mesos.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/** Settings of a {@link TestFramework}; {@link #start()} subscribes. */
public final class TestFrameworkBuilder {
  final String masterUrl;
  String name = "test-framework";
  String user = System.getProperty("user.name", "root");
  List<String> roles = List.of("test-role");
  String principal = "test-principal";
  Duration failoverTimeout = Duration.ofMinutes(5);
  boolean checkpoint = true;
  FrameworkID frameworkId;
  ContentType contentType = ContentType.PROTOBUF;
  boolean autoAcknowledge = true;
  boolean stopOnError = true;
  String webuiUrl;
  List<FrameworkInfo.Capability.Type> capabilities = List.of(
      FrameworkInfo.Capability.Type.MULTI_ROLE,
      FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT,
      FrameworkInfo.Capability.Type.PARTITION_AWARE);

  TestFrameworkBuilder(String masterUrl) {
    this.masterUrl = Objects.requireNonNull(masterUrl);
  }

  public TestFrameworkBuilder name(String name) {
    this.name = name;
    return this;
  }

  public TestFrameworkBuilder role(String role) {
    this.roles = List.of(role);
    return this;
  }

  public TestFrameworkBuilder principal(String principal) {
    this.principal = principal;
    return this;
  }

  public TestFrameworkBuilder failoverTimeout(Duration timeout) {
    this.failoverTimeout = timeout;
    return this;
  }

  public TestFrameworkBuilder checkpoint(boolean checkpoint) {
    this.checkpoint = checkpoint;
    return this;
  }

  /** Subscribes as an existing framework (failover). */
  public TestFrameworkBuilder frameworkId(FrameworkID id) {
    this.frameworkId = id;
    return this;
  }

  /** The web UI the master's {@code /service/<name>/} proxy forwards to. */
  public TestFrameworkBuilder webuiUrl(String url) {
    this.webuiUrl = url;
    return this;
  }

  public TestFrameworkBuilder contentType(ContentType type) {
    this.contentType = type;
    return this;
  }

  public TestFrameworkBuilder autoAcknowledge(boolean on) {
    this.autoAcknowledge = on;
    return this;
  }

  public TestFrameworkBuilder stopOnError(boolean on) {
    this.stopOnError = on;
    return this;
  }

  /** Without PARTITION_AWARE, Mesos answers with TASK_LOST where it would say DROPPED/GONE. */
  public TestFrameworkBuilder partitionAware(boolean on) {
    return capability(FrameworkInfo.Capability.Type.PARTITION_AWARE, on);
  }

  /** Without MULTI_ROLE the framework subscribes with the single, deprecated {@code role}. */
  public TestFrameworkBuilder multiRole(boolean on) {
    return capability(FrameworkInfo.Capability.Type.MULTI_ROLE, on);
  }

  /** Without it, Mesos shows reservations in the pre-refinement format (role, reservation). */
  public TestFrameworkBuilder reservationRefinement(boolean on) {
    return capability(FrameworkInfo.Capability.Type.RESERVATION_REFINEMENT, on);
  }

  private TestFrameworkBuilder capability(FrameworkInfo.Capability.Type type, boolean on) {
    List<FrameworkInfo.Capability.Type> list = new ArrayList<>(capabilities);
    list.remove(type);
    if (on) {
      list.add(type);
    }
    this.capabilities = List.copyOf(list);
    return this;
  }

  public TestFramework start() {
    return new TestFramework(this).start();
  }
}
