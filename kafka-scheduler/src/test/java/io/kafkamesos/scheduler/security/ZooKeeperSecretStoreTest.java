package io.kafkamesos.scheduler.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamesos.commons.testing.MutableClock;
import io.kafkamesos.scheduler.state.ZooKeeperClients;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The secret store on a real ZooKeeper: who can read and change what. */
class ZooKeeperSecretStoreTest {

  private static final String CHROOT = "/dcos";
  private static TestingServer zookeeper;

  private final SecureRandom random = new SecureRandom();
  private final String framework = "kafka-" + UUID.randomUUID();
  private final ZooKeeperCredential scheduler = new ZooKeeperCredential("kafka0-scheduler", "a long random secret");
  private final ZooKeeperCredential intruder = new ZooKeeperCredential("someone", "another secret");
  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
  private final List<CuratorFramework> clients = new ArrayList<>();

  @BeforeAll
  static void startZooKeeper() throws Exception {
    zookeeper = new TestingServer(true);
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    if (zookeeper != null) {
      zookeeper.close();
    }
  }

  @AfterEach
  void closeClients() {
    clients.forEach(CuratorFramework::close);
  }

  private CuratorFramework secure(ZooKeeperCredential credential) throws InterruptedException {
    return started(SecureZooKeeper.client(zookeeper.getConnectString() + CHROOT, credential));
  }

  private CuratorFramework anonymous() throws InterruptedException {
    return started(ZooKeeperClients.client(zookeeper.getConnectString() + CHROOT, null));
  }

  private CuratorFramework started(CuratorFramework client) throws InterruptedException {
    clients.add(client);
    client.start();
    client.blockUntilConnected();
    return client;
  }

  private ZooKeeperSecretStore store(CuratorFramework client, ZooKeeperCredential credential) {
    return new ZooKeeperSecretStore(client, credential, framework, random);
  }

  private ClusterCa keep(ZooKeeperSecretStore store) {
    return new ClusterCaKeeper(clock, random).ca(framework, Optional.empty(), store, TlsPolicy.DEFAULT);
  }

  @Test
  void theFirstSchedulerMakesTheCaAndAStandbyWithTheSameCredentialFindsIt() throws Exception {
    ClusterCa first = keep(store(secure(scheduler), scheduler));

    ClusterCa standby = keep(store(secure(scheduler), scheduler));

    assertThat(standby.certificate()).isEqualTo(first.certificate());
    assertThat(standby.keyPem()).isEqualTo(first.keyPem());
    assertThat(standby.origin()).isEqualTo(ClusterCa.Origin.GENERATED);
  }

  @Test
  void anotherZooKeeperIdentityCannotReadTheKey() throws Exception {
    ZooKeeperSecretStore owner = store(secure(scheduler), scheduler);
    keep(owner);
    CuratorFramework other = secure(intruder);

    assertThatThrownBy(() -> other.getData().forPath(owner.caKeyPath()))
        .isInstanceOf(KeeperException.NoAuthException.class);
    assertThatThrownBy(() -> anonymous().getData().forPath(owner.caKeyPath()))
        .isInstanceOf(KeeperException.NoAuthException.class);
    assertThatThrownBy(() -> other.getChildren().forPath("/" + framework + "/scheduler/secrets"))
        .isInstanceOf(KeeperException.NoAuthException.class);
    assertThatThrownBy(() -> store(other, intruder).ca())
        .isInstanceOf(SecretStoreException.class)
        .hasMessageContaining("not readable by this scheduler's ZooKeeper identity 'someone'");
  }

  @Test
  void anyoneReadsTheCaCertificateNobodyElseChangesIt() throws Exception {
    ZooKeeperSecretStore owner = store(secure(scheduler), scheduler);
    ClusterCa ca = keep(owner);
    CuratorFramework world = anonymous();

    assertThat(new String(world.getData().forPath(owner.caCertificatePath()), StandardCharsets.UTF_8))
        .isEqualTo(ca.certificatePem());
    assertThat(store(world, intruder).caCertificate()).contains(ca.certificatePem());
    assertThatThrownBy(() -> world.setData().forPath(owner.caCertificatePath(), "x".getBytes()))
        .isInstanceOf(KeeperException.NoAuthException.class);
    assertThatThrownBy(() -> world.delete().forPath(owner.caCertificatePath()))
        .isInstanceOf(KeeperException.NoAuthException.class);
  }

  @Test
  void theStoredKeyIsSealedNotPem() throws Exception {
    ZooKeeperSecretStore owner = store(secure(scheduler), scheduler);
    ClusterCa ca = keep(owner);

    String stored = new String(secure(scheduler).getData().forPath(owner.caKeyPath()), StandardCharsets.UTF_8);

    assertThat(stored).contains("format=sealed/1").doesNotContain("PRIVATE KEY")
        .doesNotContain(ca.keyPem().split("\n")[1]);
  }

  @Test
  void aKeyNodeOthersMayReadIsRefused() throws Exception {
    CuratorFramework client = secure(scheduler);
    ZooKeeperSecretStore owner = store(client, scheduler);
    keep(owner);
    // someone (an older tool, an operator by hand) opened the key node to the world
    client.setACL().withACL(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", scheduler.digestId())),
        new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE))).forPath(owner.caKeyPath());

    assertThatThrownBy(owner::ca)
        .isInstanceOf(SecretStoreException.class)
        .hasMessageContaining(owner.caKeyPath() + " lets world:anyone read or change it");
  }

  @Test
  void aKeyPlantedUnderAnAclNamingTheSchedulerDoesNotOpen() throws Exception {
    // the intruder knows the scheduler's digest id (ACLs are readable) but not its password
    ZooKeeperSecretStore owner = store(secure(scheduler), scheduler);
    ClusterCa planted = ClusterCa.generate(framework, clock.instant(), TlsPolicy.DEFAULT.caValidity(), random);
    CuratorFramework other = secure(intruder);
    List<ACL> both = List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", scheduler.digestId())),
        new ACL(ZooDefs.Perms.ALL, new Id("digest", intruder.digestId())));
    other.create().creatingParentsIfNeeded().withACL(both).forPath("/" + framework + "/scheduler/secrets");
    other.create().withACL(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", scheduler.digestId()))))
        .forPath(owner.caKeyPath(), SealedSecret.seal(planted.keyPem().getBytes(StandardCharsets.UTF_8),
            "a guess", "x", random));
    List<ACL> publicRead = List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", scheduler.digestId())),
        new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
    other.create().withACL(both).forPath("/" + framework + "/scheduler/tls");
    other.create().withACL(publicRead)
        .forPath(owner.caCertificatePath(), planted.certificatePem().getBytes(StandardCharsets.UTF_8));
    // the intruder then closes the parents to look like the scheduler's own
    other.setACL().withACL(List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", scheduler.digestId()))))
        .forPath("/" + framework + "/scheduler/secrets");
    other.setACL().withACL(publicRead).forPath("/" + framework + "/scheduler/tls");

    assertThatThrownBy(owner::ca)
        .isInstanceOf(SecretStoreException.class)
        .hasMessageContaining("does not open with this credential");
  }

  @Test
  void aCertificateWithoutItsKeyIsNamedNotReplaced() throws Exception {
    CuratorFramework client = secure(scheduler);
    ZooKeeperSecretStore owner = store(client, scheduler);
    keep(owner);
    client.delete().forPath(owner.caKeyPath());

    assertThatThrownBy(() -> keep(owner))
        .isInstanceOf(SecretStoreException.class)
        .hasMessageContaining("its key is missing at " + owner.caKeyPath());
  }

  @Test
  void aSecondCreateLosesToTheFirst() throws Exception {
    ZooKeeperSecretStore owner = store(secure(scheduler), scheduler);
    ClusterCa first = ClusterCa.generate(framework, clock.instant(), TlsPolicy.DEFAULT.caValidity(), random);
    ClusterCa second = ClusterCa.generate(framework, clock.instant(), TlsPolicy.DEFAULT.caValidity(), random);

    assertThat(owner.createCa(new SecretStore.StoredCa(first.certificatePem(), first.keyPem()))).isTrue();
    assertThat(owner.createCa(new SecretStore.StoredCa(second.certificatePem(), second.keyPem()))).isFalse();
    assertThat(owner.ca().orElseThrow().certificatePem()).isEqualTo(first.certificatePem());
  }

  @Test
  void theOperatorsCaIsNeverCopiedToZooKeeper() throws Exception {
    ClusterCa own = ClusterCa.generate("own", clock.instant(), TlsPolicy.DEFAULT.caValidity(), random);
    ZooKeeperSecretStore owner = store(secure(scheduler), scheduler);

    ClusterCa ca = new ClusterCaKeeper(clock, random).ca(framework,
        Optional.of(new SecretStore.StoredCa(own.certificatePem(), own.keyPem())), owner, TlsPolicy.DEFAULT);

    assertThat(ca.origin()).isEqualTo(ClusterCa.Origin.OPERATOR);
    assertThat(ca.certificate()).isEqualTo(own.certificate());
    assertThat(owner.caCertificate()).isEmpty();
    assertThat(secure(scheduler).checkExists().forPath(owner.caKeyPath())).isNull();
  }
}
