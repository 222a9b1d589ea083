package io.kafkamesos.scheduler.security;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Reads the certificate a TLS listener serves: the start of a handshake, given up as soon as the
 * server's certificate has arrived. Nothing is sent but the client's hello, no client certificate
 * is needed (a listener that requires one has sent its own before it asks), and the certificate is
 * only read, never trusted for anything: what it is worth is {@link CertificateRenewal}'s to judge.
 */
public final class ServedCertificates {

  private ServedCertificates() {
  }

  /**
   * The leaf certificate that {@code host:port} serves.
   *
   * @throws IOException when nothing answers there, or it answers no TLS handshake with a
   *     certificate within {@code timeout}
   */
  public static X509Certificate read(String host, int port, Duration timeout) throws IOException {
    AtomicReference<X509Certificate> served = new AtomicReference<>();
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new Recorder(served)}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no TLS client: " + e.getMessage(), e);
    }
    int millis = (int) Math.max(1, timeout.toMillis());
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(host, port), millis);
      plain.setSoTimeout(millis);
      try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, false)) {
        tls.startHandshake();
      } catch (IOException e) {
        if (served.get() == null) {
          throw e; // no certificate came: not the handshake the recorder ended
        }
      }
    }
    if (served.get() == null) {
      throw new IOException(host + ":" + port + " ended the handshake without a certificate");
    }
    return served.get();
  }

  /** Keeps the server's leaf and ends the handshake there. */
  private record Recorder(AtomicReference<X509Certificate> served) implements X509TrustManager {

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      if (chain != null && chain.length > 0) {
        served.set(chain[0]);
      }
      throw new CertificateException("certificate read; handshake ended on purpose");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
