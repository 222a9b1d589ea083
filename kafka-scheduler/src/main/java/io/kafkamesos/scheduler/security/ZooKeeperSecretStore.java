package io.kafkamesos.scheduler.security;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;

/**
 * The {@link SecretStore} in ZooKeeper, beside the scheduler's state under
 * {@code /<framework-name>/scheduler} (Kafka's nodes live beside it under the same chroot):
 *
 * <pre>
 * /&lt;name&gt;/scheduler/secrets                 digest:&lt;scheduler&gt; ALL, nobody else anything
 * /&lt;name&gt;/scheduler/secrets/ca-key          the same; the key, sealed ({@link SealedSecret})
 * /&lt;name&gt;/scheduler/tls                     digest:&lt;scheduler&gt; ALL, world READ
 * /&lt;name&gt;/scheduler/tls/ca-certificate      the same; the CA certificate, PEM
 * </pre>
 *
 * The client must be authenticated with the scheduler's {@link ZooKeeperCredential}
 * ({@link SecureZooKeeper#client}). Reads check the access rules as well as the content: a key
 * node that anyone else may read, or a node others may change, is refused with the reason rather
 * than used, and the key only opens with the credential that sealed it.
 */
public final class ZooKeeperSecretStore implements SecretStore {

  private final CuratorFramework curator;
  private final ZooKeeperCredential credential;
  private final SecureRandom random;
  private final String secrets;
  private final String tls;
  private final Id scheduler;

  /**
   * @param curator a started client authenticated with {@code credential}
   * @param frameworkName the cluster's name: the store lives under {@code /<frameworkName>/scheduler}
   */
  public ZooKeeperSecretStore(CuratorFramework curator, ZooKeeperCredential credential,
      String frameworkName, SecureRandom random) {
    this.curator = Objects.requireNonNull(curator);
    this.credential = Objects.requireNonNull(credential);
    this.random = Objects.requireNonNull(random);
    String root = "/" + Objects.requireNonNull(frameworkName) + "/scheduler";
    this.secrets = root + "/secrets";
    this.tls = root + "/tls";
    this.scheduler = new Id("digest", credential.digestId());
  }

  /** Where the sealed CA key lives. */
  public String caKeyPath() {
    return secrets + "/ca-key";
  }

  /** Where the CA certificate lives (world-readable). */
  public String caCertificatePath() {
    return tls + "/ca-certificate";
  }

  /** Only the scheduler, for everything. */
  List<ACL> privateAcl() {
    return List.of(new ACL(ZooDefs.Perms.ALL, scheduler));
  }

  /** The scheduler for everything, anyone may read. */
  List<ACL> publicAcl() {
    return List.of(new ACL(ZooDefs.Perms.ALL, scheduler), new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE));
  }

  @Override
  public Optional<StoredCa> ca() {
    Optional<String> certificate = caCertificate();
    byte[] sealed;
    try {
      checkAcl(secrets, false);
      checkAcl(caKeyPath(), false);
      sealed = curator.getData().forPath(caKeyPath());
    } catch (KeeperException.NoNodeException e) {
      if (certificate.isPresent()) {
        throw new SecretStoreException("the CA certificate is stored at " + caCertificatePath()
            + " but its key is missing at " + caKeyPath() + "; restore the key, or delete "
            + caCertificatePath() + " to have a new CA made (every node then rolls onto it)");
      }
      return Optional.empty();
    } catch (KeeperException.NoAuthException e) {
      throw new SecretStoreException("the CA key at " + caKeyPath() + " is not readable by this"
          + " scheduler's ZooKeeper identity '" + credential.user() + "': it was stored with another"
          + " ZK_SECRET; give the scheduler the credential it was stored with");
    } catch (SecretStoreException e) {
      throw e;
    } catch (Exception e) {
      throw new SecretStoreException("cannot read " + caKeyPath() + ": " + e.getMessage(), e);
    }
    if (certificate.isEmpty()) {
      throw new SecretStoreException("the CA key is stored at " + caKeyPath()
          + " but its certificate is missing at " + caCertificatePath());
    }
    try {
      checkAcl(tls, true);
      checkAcl(caCertificatePath(), true);
    } catch (SecretStoreException e) {
      throw e;
    } catch (Exception e) {
      throw new SecretStoreException("cannot read the access rules of " + caCertificatePath()
          + ": " + e.getMessage(), e);
    }
    try {
      byte[] key = SealedSecret.open(sealed, credential.password(), associated(certificate.get()));
      return Optional.of(new StoredCa(certificate.get(), new String(key, StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException e) {
      throw new SecretStoreException("the CA key at " + caKeyPath() + " cannot be used: "
          + e.getMessage() + "; it was not stored by this cluster's scheduler with this ZK_SECRET");
    }
  }

  @Override
  public boolean createCa(StoredCa ca) {
    byte[] sealed = SealedSecret.seal(ca.keyPem().getBytes(StandardCharsets.UTF_8),
        credential.password(), associated(ca.certificatePem()), random);
    try {
      ensure(secrets, privateAcl(), false);
      ensure(tls, publicAcl(), true);
      curator.transaction().forOperations(
          curator.transactionOp().create().withACL(privateAcl()).forPath(caKeyPath(), sealed),
          curator.transactionOp().create().withACL(publicAcl())
              .forPath(caCertificatePath(), ca.certificatePem().getBytes(StandardCharsets.UTF_8)));
      return true;
    } catch (KeeperException.NodeExistsException e) {
      return false;
    } catch (SecretStoreException e) {
      throw e;
    } catch (Exception e) {
      throw new SecretStoreException("cannot store the CA under " + secrets + " and " + tls + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public Optional<String> caCertificate() {
    try {
      return Optional.of(new String(curator.getData().forPath(caCertificatePath()), StandardCharsets.UTF_8));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw new SecretStoreException("cannot read " + caCertificatePath() + ": " + e.getMessage(), e);
    }
  }

  /** Creates a parent with its rules (its own parents as Curator makes them), or checks an existing one. */
  private void ensure(String path, List<ACL> acl, boolean othersMayRead) throws Exception {
    try {
      curator.create().creatingParentsIfNeeded().withACL(acl).forPath(path);
    } catch (KeeperException.NodeExistsException e) {
      checkAcl(path, othersMayRead);
    }
  }

  /**
   * Refuses a node whose rules let anyone but the scheduler change it (or, for a private node,
   * read it), or do not let the scheduler do everything.
   */
  private void checkAcl(String path, boolean othersMayRead) throws Exception {
    List<ACL> acl = curator.getACL().forPath(path);
    boolean ours = false;
    for (ACL entry : acl) {
      if (entry.getId().equals(scheduler)) {
        ours = entry.getPerms() == ZooDefs.Perms.ALL;
        continue;
      }
      int allowed = othersMayRead ? ZooDefs.Perms.READ : 0;
      if ((entry.getPerms() & ~allowed) != 0) {
        throw new SecretStoreException(path + " lets " + entry.getId().getScheme() + ":"
            + shown(entry.getId()) + " " + (othersMayRead ? "change it" : "read or change it")
            + "; refusing to use what others may have read or written. Delete the node (and the"
            + " secrets under it) to have the scheduler store new ones");
      }
    }
    if (!ours) {
      throw new SecretStoreException(path + " does not give this scheduler's identity '"
          + credential.user() + "' full access; it was made by someone else");
    }
  }

  private static String shown(Id id) {
    // a digest id is user:hash; the hash helps nobody reading a log
    String value = id.getId();
    return id.getScheme().equals("digest") && value.contains(":")
        ? value.substring(0, value.indexOf(':')) : value;
  }

  private String associated(String certificatePem) {
    return caKeyPath() + "\n" + HexFormat.of().formatHex(
        TaskSecrets.sha256(certificatePem.getBytes(StandardCharsets.UTF_8)));
  }
}
