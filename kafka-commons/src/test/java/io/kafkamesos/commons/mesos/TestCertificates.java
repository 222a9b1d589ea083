package io.kafkamesos.commons.mesos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A certificate authority and a master certificate it signed, made with the JDK's {@code keytool}
 * in a directory of the test's: the CA's PEM is what an operator gives as {@code MESOS_CA_FILE}.
 */
public final class TestCertificates {

  private static final String PASSWORD = "changeit";

  public final Path caPem;
  public final Path otherCaPem;
  public final Path masterKeyStore;

  /**
   * @param dir where the files go
   * @param masterNames the master certificate's subject alternative names ({@code dns:localhost})
   */
  public TestCertificates(Path dir, String masterNames) throws IOException, InterruptedException {
    Path ca = dir.resolve("ca.p12");
    Path other = dir.resolve("other-ca.p12");
    masterKeyStore = dir.resolve("master.p12");
    caPem = dir.resolve("ca.pem");
    otherCaPem = dir.resolve("other-ca.pem");
    // four rounds of keytool processes that do not depend on each other (a JVM start each)
    run(keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
            "-validity", "2", "-dname", "CN=Test Mesos CA", "-ext", "bc:c", "-keystore", ca.toString()),
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1",
            "-validity", "2", "-dname", "CN=Some Other CA", "-ext", "bc:c", "-keystore", other.toString()),
        keytool("-genkeypair", "-alias", "master", "-keyalg", "EC", "-groupname", "secp256r1",
            "-validity", "2", "-dname", "CN=mesos-master", "-keystore", masterKeyStore.toString()));
    Path csr = dir.resolve("master.csr");
    Path signed = dir.resolve("master.pem");
    run(keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString()),
        keytool("-exportcert", "-rfc", "-alias", "other", "-keystore", other.toString(),
            "-file", otherCaPem.toString()),
        keytool("-certreq", "-alias", "master", "-keystore", masterKeyStore.toString(),
            "-file", csr.toString()));
    run(keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
        "-outfile", signed.toString(), "-validity", "2", "-ext", "SAN=" + masterNames));
    // the reply as a chain (the master's certificate, then the CA's), so that keytool takes it at once
    Path chain = Files.writeString(dir.resolve("chain.pem"), Files.readString(signed) + Files.readString(caPem));
    run(keytool("-importcert", "-noprompt", "-alias", "master", "-file", chain.toString(),
        "-keystore", masterKeyStore.toString()));
  }

  /** The master's server side: its key and the chain the CA signed. */
  public SSLContext masterContext() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(masterKeyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  /** A bundle of several authorities, as a PEM file of an operator's often is. */
  public Path bundle(Path file, Path... pems) throws IOException {
    StringBuilder text = new StringBuilder("# authorities of the cluster\n");
    for (Path pem : pems) {
      text.append(Files.readString(pem, StandardCharsets.US_ASCII)).append('\n');
    }
    return Files.writeString(file, text);
  }

  private static List<String> keytool(String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
    if (List.of(args).contains("-genkeypair")) {
      command.addAll(List.of("-keypass", PASSWORD));
    }
    return command;
  }

  @SafeVarargs
  private static void run(List<String>... commands) throws IOException, InterruptedException {
    List<Process> processes = new ArrayList<>();
    for (List<String> command : commands) {
      processes.add(new ProcessBuilder(command).redirectErrorStream(true).start());
    }
    for (int i = 0; i < processes.size(); i++) {
      Process process = processes.get(i);
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", commands[i]) + " failed: " + output);
      }
    }
  }
}
